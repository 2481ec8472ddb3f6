//! The SERVER-type confirm URL: after the customer approves, LINE Pay's server (here, the
//! mock) calls the merchant's `confirmUrl` with GET.
//!
//! The mock calls only `http://` URLs on loopback addresses (`127.0.0.0/8`, `[::1]`,
//! `localhost`): it is a test double and never reaches out to another host. Any other URL is
//! recorded as not called. Connect timeout 5 s, read timeout 20 s, as LINE Pay.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

use crate::redirect::header_safe;
use crate::transaction::ServerConfirmCall;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const READ_TIMEOUT: Duration = Duration::from_secs(20);

/// Calls `url` and tells how it went, for the payment's record.
pub(crate) async fn call(url: String) -> ServerConfirmCall {
    let outcome = get(&url).await;
    ServerConfirmCall {
        url,
        status: outcome.as_ref().ok().copied(),
        error: outcome.err(),
    }
}

/// `GET url`, answering the status code.
async fn get(url: &str) -> Result<u16, String> {
    let (address, host, target) = loopback_target(url)?;
    // As in the browser's `Location`: bytes outside visible ASCII (a space, a line break in
    // a careless confirmUrl) are percent-encoded, so the request line stays one line of
    // three parts.
    let target = header_safe(&target);
    let mut stream = timeout(CONNECT_TIMEOUT, TcpStream::connect(address))
        .await
        .map_err(|_| "connect timed out".to_owned())?
        .map_err(|error| format!("connect failed: {error}"))?;
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: linepay-mock\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|error| format!("write failed: {error}"))?;
    let mut head = Vec::new();
    let read = async {
        let mut buffer = [0u8; 512];
        while !head.windows(2).any(|w| w == b"\r\n") && head.len() < 8192 {
            let n = stream.read(&mut buffer).await?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buffer[..n]);
        }
        Ok::<(), std::io::Error>(())
    };
    timeout(READ_TIMEOUT, read)
        .await
        .map_err(|_| "read timed out".to_owned())?
        .map_err(|error| format!("read failed: {error}"))?;
    let line = String::from_utf8_lossy(&head);
    line.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| "no HTTP status line in the answer".to_owned())
}

/// The socket address, `Host` value and request target of an `http://` loopback URL.
fn loopback_target(url: &str) -> Result<(SocketAddr, String, String), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or("not called: the mock calls only http:// URLs")?;
    let split = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(split);
    let target = target.split('#').next().unwrap_or_default();
    let target = if target.starts_with('/') {
        target.to_owned()
    } else {
        format!("/{target}")
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (
            host,
            port.parse::<u16>()
                .map_err(|_| "not called: invalid port".to_owned())?,
        ),
        _ => (authority, 80),
    };
    let ip = match host {
        "localhost" => IpAddr::V4(Ipv4Addr::LOCALHOST),
        literal => literal
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .map_err(|_| "not called: the mock calls only loopback addresses".to_owned())?,
    };
    if !ip.is_loopback() {
        return Err("not called: the mock calls only loopback addresses".to_owned());
    }
    Ok((SocketAddr::new(ip, port), authority.to_owned(), target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_http() {
        let (address, host, target) =
            loopback_target("http://127.0.0.1:9000/confirm?transactionId=1&orderId=A#x").unwrap();
        assert_eq!(address.to_string(), "127.0.0.1:9000");
        assert_eq!(host, "127.0.0.1:9000");
        assert_eq!(target, "/confirm?transactionId=1&orderId=A");
        let (address, _, target) = loopback_target("http://[::1]?a=1").unwrap();
        assert_eq!(address.to_string(), "[::1]:80");
        assert_eq!(target, "/?a=1");
        assert!(loopback_target("http://localhost:8080/c").is_ok());
        assert!(loopback_target("https://127.0.0.1/c").is_err());
        assert!(loopback_target("http://shop.example/c").is_err());
        assert!(loopback_target("http://10.0.0.1/c").is_err());
    }
}
