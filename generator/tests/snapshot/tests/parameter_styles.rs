//! Every parameter style on the wire: what the client writes into the request line, the
//! headers and the cookies for each style of OpenAPI 3.0 and 3.1, byte for byte, read by a
//! loopback server that records each request as it arrives; and the test doubles matching the
//! request the client sends for each of them.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use snapshot_fixtures::mock::TestDouble;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use snapshot_fixtures::mock::MockServer;
use snapshot_fixtures::parameter_objects::{ListEventsPage, ListEventsWhere, ListEventsXTrace};
use snapshot_fixtures::parameter_styles::{
    Filter, FilterCreated, GetFileFormat, QueryStylesSort, Rgb, RgbRequired, Window,
};
use snapshot_fixtures::parameter_unions::{
    GetMemberCreated, GetMemberMember, GetMemberTag, GetMemberWho, Name, Range,
};
use snapshot_fixtures::Client;

/// A loopback server answering every request with `204`, and the head of each request it got.
struct Recorder {
    client: Client,
    heads: mpsc::Receiver<String>,
}

impl Recorder {
    fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (sender, heads) = mpsc::channel();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut head = Vec::new();
                let mut byte = [0_u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                let _ = stream.write_all(
                    b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                );
                if sender
                    .send(String::from_utf8_lossy(&head).into_owned())
                    .is_err()
                {
                    return;
                }
            }
        });
        Recorder {
            client: Client::new(&base, "token").unwrap(),
            heads,
        }
    }

    /// The next request's line: `GET /v1/... HTTP/1.1` without the method and version.
    fn target(&self) -> String {
        let head = self.head();
        let line = head.lines().next().unwrap_or_default();
        line.split(' ').nth(1).unwrap_or_default().to_owned()
    }

    fn head(&self) -> String {
        self.heads
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap()
    }
}

/// The values of the header `name` in a request head.
fn header(head: &str, name: &str) -> Vec<String> {
    head.lines()
        .filter_map(|line| line.split_once(": "))
        .filter(|(found, _)| found.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.to_owned())
        .collect()
}

fn colors() -> Vec<String> {
    vec!["blue".into(), "black".into(), "brown".into()]
}

fn rgb() -> Rgb {
    // Three fields of one type: by name, so none can take another's place.
    Rgb::new(RgbRequired {
        r: 100,
        g: 200,
        b: 150,
    })
}

#[tokio::test]
async fn path_parameters_in_every_style() {
    let server = Recorder::start();
    let api = server.client.parameter_styles();
    api.path_arrays(colors(), colors(), colors()).await.unwrap();
    assert_eq!(
        server.target(),
        "/v1/arrays/blue,black,brown/.blue,black,brown/;matrix=blue,black,brown"
    );
    api.path_arrays_exploded(colors(), colors(), colors())
        .await
        .unwrap();
    assert_eq!(
        server.target(),
        "/v1/arrays-exploded/blue,black,brown/.blue.black.brown/;matrix=blue;matrix=black;matrix=brown"
    );
    api.path_objects(rgb(), rgb(), rgb()).await.unwrap();
    assert_eq!(
        server.target(),
        "/v1/objects/R,100,G,200,B,150/.R,100,G,200,B,150/;matrix=R,100,G,200,B,150"
    );
    api.path_objects_exploded(rgb(), rgb(), rgb())
        .await
        .unwrap();
    assert_eq!(
        server.target(),
        "/v1/objects-exploded/R=100,G=200,B=150/.R=100.G=200.B=150/;R=100;G=200;B=150"
    );
    api.get_file(7, GetFileFormat::Csv).await.unwrap();
    assert_eq!(server.target(), "/v1/files/;name=7.csv");
}

#[tokio::test]
async fn values_that_hold_delimiters_stay_inside_their_item() {
    let server = Recorder::start();
    let api = server.client.parameter_styles();
    let tricky = vec!["a,b".to_owned(), "c.d;e=f/g".to_owned()];
    api.path_arrays(tricky.clone(), tricky.clone(), tricky.clone())
        .await
        .unwrap();
    assert_eq!(
        server.target(),
        "/v1/arrays/a%2Cb,c.d%3Be%3Df%2Fg/.a%2Cb,c.d%3Be%3Df%2Fg/;matrix=a%2Cb,c.d%3Be%3Df%2Fg"
    );
    api.query_styles()
        .form(tricky.clone())
        .pipe(vec!["x|y".into(), "z w".into()])
        .next("/next?page=2&size=1")
        .await
        .unwrap();
    assert_eq!(
        server.target(),
        "/v1/query?form=a%2Cb,c.d%3Be%3Df%2Fg&pipe=x%7Cy%7Cz+w&next=/next?page=2%26size=1"
    );
}

#[tokio::test]
async fn query_parameters_in_every_style() {
    let server = Recorder::start();
    server
        .client
        .parameter_styles()
        .query_styles()
        .form(colors())
        .form_exploded(colors())
        .space(colors())
        .pipe(colors())
        .pipe_exploded(colors())
        .form_object(rgb())
        .window(Window::new().with_from("2024-01-02".parse().unwrap()))
        .space_object(rgb())
        .pipe_object(rgb())
        .filter(
            Filter::new()
                .with_name("a b")
                .with_created(FilterCreated::new().with_gt(5))
                .with_tags(vec!["x".into(), "y".into()]),
        )
        .sort(QueryStylesSort::new().with_field("name"))
        .next("a/b:c")
        .await
        .unwrap();
    let target = server.target();
    let (path, query) = target.split_once('?').unwrap();
    assert_eq!(path, "/v1/query");
    assert_eq!(
        query.split('&').collect::<Vec<_>>(),
        [
            "form=blue,black,brown",
            "formExploded=blue",
            "formExploded=black",
            "formExploded=brown",
            "space=blue%20black%20brown",
            "pipe=blue%7Cblack%7Cbrown",
            "pipeExploded=blue",
            "pipeExploded=black",
            "pipeExploded=brown",
            "formObject=R,100,G,200,B,150",
            "from=2024-01-02",
            "spaceObject=R%20100%20G%20200%20B%20150",
            "pipeObject=R%7C100%7CG%7C200%7CB%7C150",
            "filter%5Bname%5D=a+b",
            "filter%5Bcreated%5D%5Bgt%5D=5",
            "filter%5Btags%5D%5B0%5D=x",
            "filter%5Btags%5D%5B1%5D=y",
            "sort%5Bfield%5D=name",
            "next=a/b:c",
        ]
    );
}

#[tokio::test]
async fn empty_lists_follow_the_style_table() {
    let server = Recorder::start();
    server
        .client
        .parameter_styles()
        .query_styles()
        .form(Vec::new())
        .form_exploded(Vec::new())
        .await
        .unwrap();
    // `form=` for a list sent as one value; nothing for a list exploded into one pair per item.
    assert_eq!(server.target(), "/v1/query?form=");
}

#[tokio::test]
async fn header_and_cookie_parameters_in_their_styles() {
    let server = Recorder::start();
    let api = server.client.parameter_styles();
    api.header_styles()
        .x_colors(colors())
        .x_rgb(rgb())
        .x_rgb_exploded(rgb())
        .await
        .unwrap();
    let head = server.head();
    assert_eq!(header(&head, "x-colors"), ["blue,black,brown"]);
    assert_eq!(header(&head, "x-rgb"), ["R,100,G,200,B,150"]);
    assert_eq!(header(&head, "x-rgb-exploded"), ["R=100,G=200,B=150"]);

    api.cookie_styles()
        .colors(colors())
        .shade(vec!["light grey".into(), "dark".into()])
        .rgb(rgb())
        .window(
            Window::new()
                .with_from("2024-01-02".parse().unwrap())
                .with_to("2024-02-03".parse().unwrap()),
        )
        .await
        .unwrap();
    let head = server.head();
    assert_eq!(
        header(&head, "cookie"),
        ["colors=blue,black,brown; shade=light%20grey; shade=dark; rgb=R,100,G,200,B,150; from=2024-01-02; to=2024-02-03"]
    );
}

#[tokio::test]
async fn objects_maps_free_form_values_and_json_content() {
    let server = Recorder::start();
    let mut extra = serde_json::Map::new();
    extra.insert("deep".into(), serde_json::json!({"a": [1, "b"]}));
    server
        .client
        .parameter_objects()
        .list_events(ListEventsPage::new(50).with_after("c1"))
        .labels(BTreeMap::from([("env".to_owned(), "prod".to_owned())]))
        .counts(BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)]))
        .extra(extra)
        .where_(ListEventsWhere::new().with_kind("k").with_ids(vec![1, 2]))
        .x_trace(ListEventsXTrace::new().with_span("s1"))
        .await
        .unwrap();
    let head = server.head();
    let target = head
        .lines()
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .unwrap()
        .to_owned();
    assert_eq!(
        target,
        "/v1/events?size=50&after=c1&labels%5Benv%5D=prod&counts=a,1,b,2\
         &extra%5Bdeep%5D%5Ba%5D%5B0%5D=1&extra%5Bdeep%5D%5Ba%5D%5B1%5D=b\
         &where=%7B%22kind%22%3A%22k%22%2C%22ids%22%3A%5B1%2C2%5D%7D"
    );
    assert_eq!(header(&head, "x-trace"), [r#"{"span":"s1"}"#]);
}

#[tokio::test]
async fn each_alternative_of_a_union_is_sent_as_its_own_type_is() {
    let server = Recorder::start();
    let api = server.client.parameter_unions();
    api.get_member(GetMemberMember::Integer(42))
        .tag(GetMemberTag::String("one".into()))
        .who(GetMemberWho::Integer(7))
        .created(GetMemberCreated::Integer(1700000000))
        .await
        .unwrap();
    assert_eq!(
        server.target(),
        "/v1/members/42?tag=one&who=7&created=1700000000"
    );
    api.get_member(GetMemberMember::String("ada/l".into()))
        .tag(GetMemberTag::Array(vec!["a".into(), "b".into()]))
        .who(GetMemberWho::Name(Name::new("Ada")))
        .created(GetMemberCreated::Range(Range::new().with_gt(1).with_lte(9)))
        .await
        .unwrap();
    assert_eq!(
        server.target(),
        "/v1/members/ada%2Fl?tag=a&tag=b&name=Ada&created%5Bgt%5D=1&created%5Blte%5D=9"
    );
}

#[tokio::test]
async fn an_optional_parameter_the_client_cannot_send_is_left_out_and_the_rest_is_sent() {
    let server = Recorder::start();
    server
        .client
        .parameter_dropped()
        .list_reports()
        .limit(3)
        .await
        .unwrap();
    assert_eq!(server.target(), "/v1/reports?limit=3");
}

#[tokio::test]
async fn the_test_doubles_match_what_the_client_sends_in_every_style() {
    let server = MockServer::start().await;
    let styles = server.parameter_styles();
    let paths = styles
        .path_objects_exploded()
        .simple(rgb())
        .label(rgb())
        .matrix(rgb())
        .expect(1)
        .respond();
    let file = styles
        .get_file()
        .name(7)
        .format(GetFileFormat::Json)
        .expect(1)
        .respond();
    let filter = || {
        Filter::new()
            .with_created(FilterCreated::new().with_gt(5).with_lt(9))
            .with_tags(vec!["x y".into()])
    };
    let query = styles
        .query_styles()
        .filter(filter())
        .window(Window::new().with_to("2024-02-03".parse().unwrap()))
        .space(colors())
        .form(colors())
        .expect(1)
        .respond();
    let headers = styles
        .header_styles()
        .x_rgb_exploded(rgb())
        .expect(1)
        .respond();
    let cookies = styles
        .cookie_styles()
        .shade(colors())
        .rgb(rgb())
        .expect(1)
        .respond();
    let unions = server
        .parameter_unions()
        .get_member()
        .member(GetMemberMember::String("a b".into()))
        .created(GetMemberCreated::Range(Range::new().with_gt(1)))
        .expect(1)
        .respond();
    let client = server.client();
    let api = client.parameter_styles();
    api.path_objects_exploded(rgb(), rgb(), rgb())
        .await
        .unwrap();
    api.get_file(7, GetFileFormat::Json).await.unwrap();
    api.query_styles()
        .form(colors())
        .space(colors())
        .window(Window::new().with_to("2024-02-03".parse().unwrap()))
        .filter(filter())
        .await
        .unwrap();
    api.header_styles().x_rgb_exploded(rgb()).await.unwrap();
    api.cookie_styles()
        .rgb(rgb())
        .shade(colors())
        .await
        .unwrap();
    client
        .parameter_unions()
        .get_member(GetMemberMember::String("a b".into()))
        .created(GetMemberCreated::Range(Range::new().with_gt(1)))
        .await
        .unwrap();
    for handle in [&paths, &file, &query, &headers, &cookies, &unions] {
        assert_eq!(handle.calls(), 1);
    }

    // A deepObject value that differs in one nested property is not the one expected.
    let other = api
        .query_styles()
        .form(colors())
        .space(colors())
        .window(Window::new().with_to("2024-02-03".parse().unwrap()))
        .filter(filter().with_created(FilterCreated::new().with_gt(5)))
        .await;
    assert_eq!(
        other.unwrap_err().status().map(|status| status.as_u16()),
        Some(599)
    );
    let unmatched = server.take_unmatched();
    assert_eq!(unmatched.len(), 1);
    assert!(
        unmatched[0].to_string().contains(
            "query `filter` was \"filter%5Bcreated%5D%5Bgt%5D=5&filter%5Btags%5D%5B0%5D=x+y\""
        ),
        "{}",
        unmatched[0]
    );
}
