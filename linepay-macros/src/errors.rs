//! Collects every error of one declaration, so the user sees them all at once.

/// The errors found so far (serde_derive's `Ctxt`, in small).
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    /// Records one error at its span.
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// Records an error at `spanned` with `message`.
    pub(crate) fn at(&mut self, spanned: impl quote::ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(spanned, message));
    }

    /// Whether nothing was recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// All errors combined, or `Ok` when there were none.
    pub(crate) fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}
