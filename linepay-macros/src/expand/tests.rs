//! Snapshots of what `#[linepay_endpoint]` writes, so a change to the generated code shows up
//! in review as a diff of readable Rust.

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut::VisitMut;

use super::{DefaultCrate, endpoint};

/// Expands like the attribute exported by linepay-core and pretty-prints the result.
fn expand(attr: TokenStream, item: TokenStream) -> String {
    let tokens = endpoint(attr, item, DefaultCrate::Core);
    let mut file = syn::parse2::<syn::File>(tokens).expect("the expansion parses");
    ShowServerSide.visit_file_mut(&mut file);
    prettyplease::unparse(&file)
}

/// Shows the items inside `__lp::server_side! { … }` in its place, each marked
/// `#[server_side]`: prettyplease prints a macro's tokens on a few long lines, and the impls
/// inside deserve a readable diff as much as the rest.
struct ShowServerSide;

impl VisitMut for ShowServerSide {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        for stmt in std::mem::take(&mut block.stmts) {
            // syn reads a braced macro call in a block as a statement, an item or, last in
            // the block, its value.
            let call = match &stmt {
                syn::Stmt::Macro(call) => &call.mac,
                syn::Stmt::Item(syn::Item::Macro(call)) => &call.mac,
                syn::Stmt::Expr(syn::Expr::Macro(call), _) => &call.mac,
                _ => {
                    block.stmts.push(stmt);
                    continue;
                }
            };
            if call
                .path
                .segments
                .last()
                .is_none_or(|s| s.ident != "server_side")
            {
                block.stmts.push(stmt);
                continue;
            }
            let inner: syn::File = call.parse_body().expect("server_side! holds items");
            for mut item in inner.items {
                if let syn::Item::Impl(item) = &mut item {
                    item.attrs.insert(0, syn::parse_quote!(#[server_side]));
                }
                block.stmts.push(syn::Stmt::Item(item));
            }
        }
        syn::visit_mut::visit_block_mut(self, block);
    }
}

/// A POST with a path parameter: the parameter goes into the path, the other fields into the
/// JSON body, the `Option` one only when it is `Some`.
#[test]
fn post_with_path_parameter_and_body() {
    let expanded = expand(
        quote!(
            method = "POST",
            path = "/v3/payments/<transactionId>/confirm",
            response = ConfirmInfo,
            read_timeout = 40
        ),
        quote! {
            #[derive(Clone, Debug)]
            pub struct ConfirmPayment {
                #[linepay(path)]
                pub transaction_id: TransactionId,
                pub amount: Amount,
                pub currency: Currency,
                pub order_note: Option<String>,
            }
        },
    );
    insta::assert_snapshot!(expanded);
}

/// A GET: every field goes into the query string, a `Vec` as repeated keys.
#[test]
fn get_with_query_fields() {
    let expanded = expand(
        quote!(
            method = "GET",
            path = "/v3/payments",
            response = Vec<PaymentDetail>
        ),
        quote! {
            #[derive(Clone, Debug, Default)]
            pub struct PaymentDetails {
                pub transaction_id: Vec<TransactionId>,
                pub order_id: Vec<OrderId>,
                pub fields: Option<String>,
            }
        },
    );
    insta::assert_snapshot!(expanded);
}

/// One mistake gives the struct back (so nothing else fails for want of the type) and exactly
/// one `compile_error!`; the `#[linepay(...)]` attributes are gone even from a rejected shape,
/// or rustc would add "cannot find attribute `linepay`".
#[test]
fn error_keeps_the_struct_and_reports_once() {
    let tokens = endpoint(
        quote!(
            method = "POST",
            path = "/v3/payments/<transactionId>/confirm",
            response = ()
        ),
        quote! {
            pub struct ConfirmPayment(#[linepay(path)] pub TransactionId);
        },
        DefaultCrate::Core,
    );
    let mut file = syn::parse2::<syn::File>(tokens).expect("the expansion parses");
    ShowServerSide.visit_file_mut(&mut file);
    let expanded = prettyplease::unparse(&file);
    // The struct, the stand-in impls (so that its uses add no errors), the one error.
    let [
        syn::Item::Struct(item),
        syn::Item::Const(_),
        syn::Item::Macro(error),
    ] = file.items.as_slice()
    else {
        panic!("expected the struct, the fallback impls and one macro, got:\n{expanded}");
    };
    assert_eq!(item.ident, "ConfirmPayment");
    assert!(
        item.fields.iter().all(|field| field.attrs.is_empty()),
        "`#[linepay(path)]` was left on the struct"
    );
    let macro_name = error.mac.path.segments.last().map(|s| s.ident.to_string());
    assert_eq!(macro_name.as_deref(), Some("compile_error"));
    insta::assert_snapshot!(expanded);
}

/// `resend_on` becomes `Endpoint::RESEND_ON`, codes in the order given; without it the
/// trait's empty default stays (and the other snapshots do not mention it).
#[test]
fn resend_on_sets_the_codes() {
    let expanded = expand(
        quote!(
            method = "POST",
            path = "/v3/payments/<transactionId>/refund",
            response = RefundInfo,
            resend_on = ["1900", "1902", "1999"]
        ),
        quote! {
            pub struct RefundPayment {
                pub transaction_id: TransactionId,
            }
        },
    );
    assert!(
        expanded
            .contains(r#"const RESEND_ON: &'static [&'static str] = &["1900", "1902", "1999"];"#),
        "{expanded}"
    );
    let without = expand(
        quote!(method = "GET", path = "/v3/payments", response = ()),
        quote!(
            pub struct PaymentDetails {}
        ),
    );
    assert!(!without.contains("RESEND_ON"), "{without}");
}

/// Each wrong element of `resend_on` is reported once, at itself, and nothing is implemented.
#[test]
fn resend_on_reports_each_culprit() {
    let tokens = endpoint(
        quote!(
            method = "POST",
            path = "/v3/payments/<transactionId>/refund",
            response = (),
            resend_on = ["1900", 1902, "19", "1900", foo]
        ),
        quote! {
            pub struct RefundPayment {
                pub transaction_id: TransactionId,
            }
        },
        DefaultCrate::Core,
    );
    let text = tokens.to_string();
    assert_eq!(text.matches("compile_error").count(), 4, "{text}");
    assert!(text.contains(r#"write it as a string: \"1902\""#), "{text}");
    assert!(text.contains("`19` is not a return code"), "{text}");
    assert!(
        text.contains(r#"return code \"1900\" is listed twice"#),
        "{text}"
    );
    assert!(
        text.contains("expected a return code as a string literal"),
        "{text}"
    );
    // Only the stand-in impls, which declare no codes.
    assert!(!text.contains("RESEND_ON"), "{text}");

    let not_a_list = endpoint(
        quote!(
            method = "POST",
            path = "/v3/x",
            response = (),
            resend_on = "1900"
        ),
        quote!(
            pub struct X {}
        ),
        DefaultCrate::Core,
    )
    .to_string();
    assert_eq!(
        not_a_list.matches("compile_error").count(),
        1,
        "{not_a_list}"
    );
    assert!(not_a_list.contains("bracketed list"), "{not_a_list}");
}

/// `path(v3 = …, v4 = …)`: `PATHS` lists both, `write_path` writes the client's version (the
/// first declared for any other), and a field of one version is checked in `check_version`.
#[test]
fn one_declaration_for_two_versions() {
    let expanded = expand(
        quote!(
            method = "POST",
            path(
                v3 = "/v3/payments/<transactionId>/note",
                v4 = "/v4/payments/<transactionId>/note"
            ),
            response = ()
        ),
        quote! {
            pub struct Note {
                pub transaction_id: TransactionId,
                #[linepay(versions(v4))]
                pub audience: Option<String>,
            }
        },
    );
    insta::assert_snapshot!(expanded);
}
