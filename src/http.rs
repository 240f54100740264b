//! The preview's HTTP/1.1 server: bounded connections over `std::net`. The only user of httparse.
//!
//! `serve` answers browsers on this machine (or, with `--bind`, on its network), but any program
//! and any web page the browser opens can connect too, so nothing a client sends may grow without
//! limit. Every limit is in [`LIMITS`]:
//!
//! - at most 64 connections at once, each on its own thread; a connection beyond that is answered
//!   `503` and closed at once;
//! - a request head (request line and headers) of at most 16 KiB, a request target of at most
//!   8 KiB (`414` beyond), at most 64 header fields (`431` beyond);
//! - the whole head within 10 s of the connection being ready for it, however steadily it
//!   trickles in (slow clients get `408`, idle kept-alive connections are closed); a client that
//!   stops reading an answer for 10 s is dropped;
//! - no request bodies: a request that announces one gets `413` and the connection is closed.
//!
//! A malformed request gets `400` and the connection is closed, since where the next request would
//! start is unknown. The request line must be ASCII. httparse (the parser hyper uses) reads each
//! head into a fixed array of header slots; the buffering, limits and keep-alive are here. The
//! smaller crate this replaced, tiny_http 0.12, reads header lines of any length and any number
//! of them, sets no read timeout and starts a thread for every connection, with no way to bound
//! any of it from outside.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a client may ask of the server.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Connections served at once; more are answered `503` and closed.
    pub(crate) connections: usize,
    /// Bytes of a request head: the request line and every header field.
    pub(crate) head_bytes: usize,
    /// Bytes of the request target (path and query).
    pub(crate) target_bytes: usize,
    /// Header fields of one request.
    pub(crate) headers: usize,
    /// Time for a whole request head to arrive, counted from when the connection is ready for it.
    pub(crate) head_timeout: Duration,
    /// Time a client may stop reading an answer before it is dropped.
    pub(crate) write_timeout: Duration,
}

pub(crate) const LIMITS: Limits = Limits {
    connections: 64,
    head_bytes: 16 * 1024,
    target_bytes: 8 * 1024,
    headers: 64,
    head_timeout: Duration::from_secs(10),
    write_timeout: Duration::from_secs(10),
};

/// A request head, as the client sent it.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// The request target, as sent (ASCII, not decoded).
    pub(crate) target: String,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub(crate) minor_version: u8,
    /// Every header field in order, names as sent.
    pub(crate) headers: Vec<(String, Vec<u8>)>,
}

impl Request {
    /// The values of every field named `name` (case-insensitive), in order.
    pub(crate) fn header_values<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// The value of the only field named `name`: `None` when it is absent or repeated.
    pub(crate) fn single_header<'a>(&'a self, name: &'a str) -> Option<&'a [u8]> {
        let mut values = self.header_values(name);
        let first = values.next()?;
        values.next().is_none().then_some(first)
    }

    fn wants_close(&self) -> bool {
        let connection = self.header_values("connection").any(|v| {
            String::from_utf8_lossy(v)
                .to_ascii_lowercase()
                .contains("close")
        });
        // HTTP/1.0 clients are answered once, then the connection ends.
        connection || self.minor_version == 0
    }

    /// A request body, announced by `Content-Length` (other than 0) or `Transfer-Encoding`.
    fn has_body(&self) -> bool {
        self.header_values("transfer-encoding").next().is_some()
            || self
                .header_values("content-length")
                .any(|v| v.iter().any(|&b| b != b'0' && !b.is_ascii_whitespace()))
    }
}

/// An answer: status, header fields (`Content-Length` and `Connection` are added), body.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
    /// Ends the connection after this response.
    pub(crate) close: bool,
}

impl Response {
    pub(crate) fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
            close: false,
        }
    }

    /// A short plain-text answer that ends the connection: the reply to a refused request.
    pub(crate) fn refusal(status: u16, text: &str) -> Response {
        let mut r = Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{text}\n").into_bytes(),
        );
        r.close = true;
        r
    }

    pub(crate) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// What answers every well-formed request.
pub(crate) type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// Accepts connections on `listener` until it fails; each request that passes the limits goes to
/// `handle`, and every response (a refusal too) gets the header fields of `common`.
pub(crate) fn serve(
    listener: TcpListener,
    limits: Limits,
    common: Vec<(&'static str, String)>,
    handle: Arc<Handler>,
) -> std::io::Result<()> {
    let active = Arc::new(AtomicUsize::new(0));
    let common = Arc::new(common);
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            // A client that gave up before it was accepted; the listener itself is fine.
            continue;
        };
        let Some(slot) = Permit::take(&active, limits.connections) else {
            // Answered from the accepting thread: one write that must not wait for the client.
            let busy = Response::refusal(503, "too many connections; try again")
                .with_header("Retry-After", "1");
            let _ = stream.set_nonblocking(true);
            // What the client already sent is read first: closing with unread bytes would
            // reset the connection and could destroy the answer.
            let mut sink = [0u8; 4096];
            for _ in 0..16 {
                if !matches!(stream.read(&mut sink), Ok(n) if n > 0) {
                    break;
                }
            }
            let _ = write_response(&mut stream, &busy, &common, false);
            let _ = stream.shutdown(std::net::Shutdown::Write);
            continue;
        };
        let _ = stream.set_write_timeout(Some(limits.write_timeout));
        let handle = handle.clone();
        let common = common.clone();
        let spawned = std::thread::Builder::new()
            .name("serve-connection".into())
            .spawn(move || {
                let _slot = slot;
                connection(stream, limits, &common, &*handle);
            });
        // Without a thread the connection is dropped (closed); the slot was released with it.
        drop(spawned);
    }
    Ok(())
}

/// One of a bounded number of places (connections, long-poll waiters); released when dropped.
pub(crate) struct Permit(Arc<AtomicUsize>);

impl Permit {
    /// A place, when fewer than `max` are taken.
    pub(crate) fn take(taken: &Arc<AtomicUsize>, max: usize) -> Option<Permit> {
        taken
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Permit(taken.clone()))
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Serves the requests of one connection, one after the other, until it ends.
fn connection(
    mut stream: TcpStream,
    limits: Limits,
    common: &[(&'static str, String)],
    handle: &Handler,
) {
    let mut buffer = Vec::new();
    loop {
        let request = match read_head(&mut stream, &mut buffer, &limits) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(refusal) => {
                if write_response(&mut stream, &refusal, common, false).is_ok() {
                    linger(&mut stream);
                }
                return;
            }
        };
        let response = if request.has_body() {
            Response::refusal(413, "request bodies are not accepted")
        } else {
            handle(&request)
        };
        // A refusal ends the connection; a client may end it after any answer.
        let refused = response.close;
        let close = refused || request.wants_close();
        let head_only = request.method == "HEAD";
        let mut response = response;
        response.close = close;
        match write_response(&mut stream, &response, common, head_only) {
            // A refused request may have more bytes on the way; a served one was read whole.
            Ok(()) if refused => return linger(&mut stream),
            Ok(()) if close => {
                let _ = stream.shutdown(std::net::Shutdown::Write);
                return;
            }
            Ok(()) => {}
            Err(_) => return,
        }
    }
}

/// Ends a connection the server closes while the client may still be sending (an oversized head,
/// an announced body): closing with unread bytes would reset the connection and could destroy the
/// answer before the client reads it, so the rest is read and dropped, within bounds.
fn linger(stream: &mut TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut sink = [0u8; 4096];
    let mut left = 1usize << 20;
    while left > 0 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// Reads the next request head. `Ok(None)`: the client closed the connection, or let it idle
/// past the timeout, between requests. `Err`: the refusal to send before closing.
fn read_head(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    limits: &Limits,
) -> Result<Option<Request>, Response> {
    let deadline = Instant::now() + limits.head_timeout;
    let mut chunk = [0u8; 4096];
    loop {
        if !buffer.is_empty() {
            if let Some(request) = parse_head(buffer, limits)? {
                return Ok(Some(request));
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return timed_out(buffer);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return timed_out(buffer)
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Ok(None),
        }
    }
}

fn timed_out(buffer: &[u8]) -> Result<Option<Request>, Response> {
    if buffer.iter().all(|b| b.is_ascii_whitespace()) {
        Ok(None)
    } else {
        Err(Response::refusal(
            408,
            "the request took too long to arrive",
        ))
    }
}

/// Parses a complete head at the start of `buffer` and removes it; `Ok(None)` when more bytes
/// are needed and the limits allow them.
fn parse_head(buffer: &mut Vec<u8>, limits: &Limits) -> Result<Option<Request>, Response> {
    // Browsers and clients may send an empty line between kept-alive requests.
    let skip = buffer
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(buffer.len());
    buffer.drain(..skip);
    let line_end = buffer.iter().position(|&b| b == b'\n');
    let line = &buffer[..line_end.unwrap_or(buffer.len())];
    // The method and the version take at most a few bytes beyond the target.
    if line.len() > limits.target_bytes + 32 {
        return Err(Response::refusal(414, "the request target is too long"));
    }
    if line
        .iter()
        .any(|&b| !(b.is_ascii_graphic() || b == b' ' || b == b'\r'))
    {
        return Err(Response::refusal(
            400,
            "the request line must be printable ASCII",
        ));
    }
    let mut slots = vec![httparse::EMPTY_HEADER; limits.headers];
    let mut parsed = httparse::Request::new(&mut slots);
    let status = match parsed.parse(buffer) {
        Ok(status) => status,
        Err(httparse::Error::TooManyHeaders) => {
            return Err(Response::refusal(431, "too many header fields"))
        }
        Err(e) => return Err(Response::refusal(400, &format!("malformed request: {e}"))),
    };
    let httparse::Status::Complete(length) = status else {
        if buffer.len() >= limits.head_bytes {
            return Err(Response::refusal(431, "the request head is too large"));
        }
        return Ok(None);
    };
    if length > limits.head_bytes {
        return Err(Response::refusal(431, "the request head is too large"));
    }
    let target = parsed.path.unwrap_or_default().to_string();
    if target.len() > limits.target_bytes {
        return Err(Response::refusal(414, "the request target is too long"));
    }
    let request = Request {
        method: parsed.method.unwrap_or_default().to_string(),
        target,
        minor_version: parsed.version.unwrap_or(0),
        headers: parsed
            .headers
            .iter()
            .map(|h| (h.name.to_string(), h.value.to_vec()))
            .collect(),
    };
    buffer.drain(..length);
    Ok(Some(request))
}

fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    common: &[(&'static str, String)],
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: {}\r\n",
        response.status,
        reason(response.status),
        response.body.len(),
        if response.close {
            "close"
        } else {
            "keep-alive"
        }
    );
    for (name, value) in common.iter().chain(&response.headers) {
        // Values are built by this program; a line break would split the head, so none passes.
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        303 => "See Other",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Option<Request>, u16> {
        let mut buffer = text.as_bytes().to_vec();
        parse_head(&mut buffer, &LIMITS).map_err(|r| r.status)
    }

    #[test]
    fn a_head_is_parsed_once_complete() {
        assert!(parse("GET / HTTP/1.1\r\nHost: a").unwrap().is_none());
        let r = parse("GET /uk/?x=1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\nHost: b\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/uk/?x=1"));
        assert_eq!(r.header_values("HOST").count(), 2);
        assert_eq!(r.single_header("host"), None, "repeated");
    }

    #[test]
    fn pipelined_requests_stay_in_the_buffer() {
        let mut buffer = b"GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n".to_vec();
        let a = parse_head(&mut buffer, &LIMITS).unwrap().unwrap();
        let b = parse_head(&mut buffer, &LIMITS).unwrap().unwrap();
        assert_eq!((a.target.as_str(), b.target.as_str()), ("/a", "/b"));
        assert!(buffer.is_empty());
    }

    #[test]
    fn oversized_and_malformed_heads_are_refused() {
        let long_target = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(9000));
        assert_eq!(parse(&long_target).err(), Some(414));
        let unfinished_line = format!("GET /{}", "a".repeat(9000));
        assert_eq!(parse(&unfinished_line).err(), Some(414));
        let big_header = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(17000));
        assert_eq!(parse(&big_header).err(), Some(431));
        let many: String = (0..65).map(|i| format!("X-{i}: 1\r\n")).collect();
        assert_eq!(
            parse(&format!("GET / HTTP/1.1\r\n{many}\r\n")).err(),
            Some(431)
        );
        for bad in [
            "GET /\0 HTTP/1.1\r\n\r\n",
            "GET /é HTTP/1.1\r\n\r\n",
            "GET /a b HTTP/1.1\r\n\r\n",
            "GET / HTTP/2.0\r\n\r\n",
            "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
            "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n",
        ] {
            assert_eq!(parse(bad).err(), Some(400), "{bad:?}");
        }
    }

    #[test]
    fn bodies_are_noticed() {
        let r = |h: &str| {
            parse(&format!("POST / HTTP/1.1\r\n{h}\r\n\r\n"))
                .unwrap()
                .unwrap()
        };
        assert!(r("Content-Length: 5").has_body());
        assert!(r("Transfer-Encoding: chunked").has_body());
        assert!(!r("Content-Length: 0").has_body());
    }
}
