//! What each `{{ api.module }}` operation answers: an error enum per operation with one variant per
//! documented error status, and a success enum where success statuses carry different bodies.
{%- if let Some(redirect) = api.redirect_type %}

/// Where a redirect points: the success value of the operations of this module that document
/// only `3XX` responses. A client built with
/// [`follow_redirects(false)`](crate::ClientBuilder::follow_redirects) answers with the
/// redirect itself; follow [`location`]({{ redirect }}::location) yourself if that is what you
/// want (it may be relative to the request's URL). A client that follows redirects (the
/// default) answers with where they lead, which such an operation reports as an unexpected
/// status unless it is a redirect too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct {{ redirect }} {
    /// The `Location` header as sent; `None` when the server sent none, or not as text.
    pub location: Option<String>,
}

impl {{ redirect }} {
    /// A redirect to `location` (for test doubles and tests).
    pub fn new(location: Option<String>) -> Self {
        {{ redirect }} { location }
    }

    /// The `Location` header as sent, when there is one.
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    pub(crate) fn from_response(response: crate::ApiResponse<()>) -> crate::ApiResponse<Self> {
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        response.map(|()| {{ redirect }} { location })
    }
}
{%- endif %}
