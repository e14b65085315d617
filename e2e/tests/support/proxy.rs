//! A fault-injecting HTTP proxy between the browser and the reference server.
//!
//! The browser loads everything (pages, the widget, the API) through the proxy, so the page and
//! its backend stay same-origin and the server stays honest: it is the real server, answering
//! real requests. The proxy only breaks what travels back, per rule:
//!
//! - every request is **forwarded first** and the server's whole answer awaited (the server has
//!   done the work: a password changed, a session made), and only then is the fault applied to
//!   what the browser gets. That is the hard case for a client: the state changed, the answer
//!   was lost, and only the idempotency key keeps a retry from doing it twice;
//! - it keeps a log of every request (method, full target with any query string, the
//!   `Idempotency-Key`, the body), which the leak sweep searches and the scenarios count.
//!
//! One request per connection (`Connection: close` both ways): a browser never reuses a
//! connection the proxy may reset, so it never silently resends a request on its own, and a
//! fault reaches the page exactly as scheduled.

use super::Context;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the browser gets instead of the server's answer.
#[derive(Clone, Debug)]
pub enum Fault {
    /// The connection is reset (TCP RST) after the server answered: no response at all.
    Reset,
    /// No response ever: the connection stays open, silent, until the browser gives up.
    Hang,
    /// The server's answer, `chunk` bytes at a time with `every` between them.
    Trickle { chunk: usize, every: Duration },
    /// The server's answer, after `Duration`.
    Delay(Duration),
    /// A made-up answer: status, content type and body (the server's headers, cookies
    /// included, are dropped, as a gateway's error page would).
    Replace { status: u16, content_type: &'static str, body: String },
    /// `200` and `bytes` bytes of valid JSON (`{"message": …, "padding": "xxxx…"}`).
    Enormous { bytes: usize },
    /// `200` with a chunked body and no `Content-Length` that never ends: JSON padding, 64 KiB
    /// a chunk, until the browser stops reading (at most 256 MiB).
    Endless,
    /// `503` with `Retry-After: seconds` and an HTML page, as a load balancer answers while the
    /// backend is down for maintenance.
    Maintenance { seconds: u32 },
    /// `303 See Other` to `to`, as a backend does that sends an expired session to its sign-in
    /// page: fetch follows it and gets that page's `200`.
    Redirect { to: &'static str },
    /// The server's answer with `from` replaced by `to` in its body (for page setup, not a
    /// fault: e.g. a shorter `timeoutMs` in a page's configuration).
    Rewrite { from: &'static str, to: &'static str },
}

impl Fault {
    pub fn name(&self) -> String {
        match self {
            Fault::Reset => "reset".to_owned(),
            Fault::Hang => "hang".to_owned(),
            Fault::Trickle { .. } => "trickle".to_owned(),
            Fault::Delay(_) => "delay".to_owned(),
            Fault::Replace { status, content_type, .. } => format!("replace {status} {content_type}"),
            Fault::Enormous { bytes } => format!("enormous {bytes} bytes"),
            Fault::Endless => "endless chunked body".to_owned(),
            Fault::Maintenance { seconds } => format!("503 for maintenance, Retry-After {seconds}"),
            Fault::Redirect { to } => format!("redirect to {to}"),
            Fault::Rewrite { .. } => "rewrite".to_owned(),
        }
    }
}

/// Applies `fault` to the next `times` requests with this method and path (query excluded).
#[derive(Clone, Debug)]
pub struct Rule {
    pub method: &'static str,
    pub path: &'static str,
    pub fault: Fault,
    pub times: usize,
}

impl Rule {
    /// The next one `method path` request gets `fault`.
    pub fn once(method: &'static str, path: &'static str, fault: Fault) -> Rule {
        Rule { method, path, fault, times: 1 }
    }

    /// Every `method path` request gets `fault`.
    pub fn always(method: &'static str, path: &'static str, fault: Fault) -> Rule {
        Rule { method, path, fault, times: usize::MAX }
    }
}

/// One request as the browser sent it.
#[derive(Clone, Debug)]
pub struct Logged {
    pub method: String,
    /// The request target as sent: path and query string.
    pub target: String,
    pub idempotency_key: Option<String>,
    /// Every header as sent, for scenarios that check what a configuration adds.
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The fault applied, if any.
    pub fault: Option<String>,
    /// The status the server answered (before any fault), if it answered.
    pub upstream_status: Option<u16>,
}

impl Logged {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

#[derive(Default)]
struct Shared {
    upstream_port: u16,
    rules: Vec<Rule>,
    log: Vec<Logged>,
}

/// A running proxy. Dropping it stops accepting (connections in flight finish on their own).
pub struct Proxy {
    /// Base URL ending in `/`, e.g. `http://127.0.0.1:41234/`.
    pub url: String,
    shared: Arc<Mutex<Shared>>,
    task: JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// A proxy on a free port in front of the server on `upstream_port`.
    pub async fn start(upstream_port: u16) -> Result<Proxy, String> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.context("binding the fault proxy")?;
        let port = listener.local_addr().context("reading the fault proxy's port")?.port();
        let shared = Arc::new(Mutex::new(Shared { upstream_port, ..Shared::default() }));
        let accepting = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(handle(client, accepting.clone()));
            }
        });
        Ok(Proxy { url: format!("http://127.0.0.1:{port}/"), shared, task })
    }

    /// The origin of the pages loaded through the proxy: the server behind it must be told it
    /// (`--origin`), since the pages post from it.
    pub fn origin(&self) -> String {
        self.url.trim_end_matches('/').to_owned()
    }

    /// Forwards to the server on `upstream_port` from now on (one started after the proxy, to
    /// be given the proxy's origin).
    pub fn forward_to(&self, upstream_port: u16) {
        self.lock().upstream_port = upstream_port;
    }

    /// Adds a rule; rules are tried in the order added, and a spent one is skipped.
    pub fn add(&self, rule: Rule) {
        self.lock().rules.push(rule);
    }

    /// Every request so far.
    pub fn log(&self) -> Vec<Logged> {
        self.lock().log.clone()
    }

    /// The requests so far with this method and path.
    pub fn requests(&self, method: &str, path: &str) -> Vec<Logged> {
        self.log().into_iter().filter(|l| l.method == method && l.path() == path).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A parsed HTTP/1.1 message head and its body.
struct Message {
    start: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Message {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The head, with hop-by-hop and framing headers replaced: `Content-Length` of the body
    /// and `Connection: close`.
    fn head_bytes(&self, body_len: usize) -> Vec<u8> {
        let mut head = format!("{}\r\n", self.start);
        for (name, value) in &self.headers {
            let hop = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "content-length"];
            if !hop.iter().any(|h| name.eq_ignore_ascii_case(h)) {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        head.push_str(&format!("Content-Length: {body_len}\r\nConnection: close\r\n\r\n"));
        head.into_bytes()
    }
}

const MAX_HEAD: usize = 64 * 1024;

async fn handle(mut client: TcpStream, shared: Arc<Mutex<Shared>>) {
    let Ok(Some(request)) = read_request(&mut client).await else { return };
    let mut parts = request.start.split(' ');
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("").to_owned();
    let path = target.split('?').next().unwrap_or("").to_owned();
    let (fault, upstream_port, index) = {
        let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
        let rule = s.rules.iter_mut().find(|r| r.times > 0 && r.method == method && r.path == path);
        let fault = rule.map(|r| {
            r.times -= 1;
            r.fault.clone()
        });
        s.log.push(Logged {
            method: method.clone(),
            target: target.clone(),
            idempotency_key: request.header("Idempotency-Key").map(str::to_owned),
            headers: request.headers.clone(),
            body: String::from_utf8_lossy(&request.body).into_owned(),
            fault: fault.as_ref().map(Fault::name),
            upstream_status: None,
        });
        (fault, s.upstream_port, s.log.len() - 1)
    };
    // The server gets the request first, whatever the fault: it acts, then the answer is lost.
    let Ok(response) = forward(&request, upstream_port).await else {
        // The server is down: as if nothing listened (the browser sees a network error).
        reset(client);
        return;
    };
    let status: Option<u16> = response.start.split(' ').nth(1).and_then(|s| s.parse().ok());
    shared.lock().unwrap_or_else(|e| e.into_inner()).log[index].upstream_status = status;
    let _ = answer(&mut client, response, fault).await;
}

async fn answer(client: &mut TcpStream, mut response: Message, fault: Option<Fault>) -> std::io::Result<()> {
    match fault {
        None => send(client, &response).await,
        Some(Fault::Reset) => {
            reset_ref(client);
            Ok(())
        }
        Some(Fault::Hang) => {
            // Read until the browser closes (it aborted), at most two minutes.
            let mut sink = [0u8; 1024];
            let waiting = async { while matches!(client.read(&mut sink).await, Ok(n) if n > 0) {} };
            let _ = tokio::time::timeout(Duration::from_secs(120), waiting).await;
            Ok(())
        }
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            send(client, &response).await
        }
        Some(Fault::Trickle { chunk, every }) => {
            client.write_all(&response.head_bytes(response.body.len())).await?;
            client.flush().await?;
            for piece in response.body.chunks(chunk.max(1)) {
                tokio::time::sleep(every).await;
                client.write_all(piece).await?;
                client.flush().await?;
            }
            client.shutdown().await
        }
        Some(Fault::Replace { status, content_type, body }) => {
            let replaced = Message {
                start: format!("HTTP/1.1 {status} {}", reason(status)),
                headers: vec![
                    ("Content-Type".to_owned(), content_type.to_owned()),
                    ("Cache-Control".to_owned(), "no-store".to_owned()),
                ],
                body: body.into_bytes(),
            };
            send(client, &replaced).await
        }
        Some(Fault::Maintenance { seconds }) => {
            let replaced = Message {
                start: "HTTP/1.1 503 Service Unavailable".to_owned(),
                headers: vec![
                    ("Content-Type".to_owned(), "text/html".to_owned()),
                    ("Retry-After".to_owned(), seconds.to_string()),
                ],
                body: b"<!doctype html><title>Down for maintenance</title><h1>Back soon</h1>".to_vec(),
            };
            send(client, &replaced).await
        }
        Some(Fault::Redirect { to }) => {
            let replaced = Message {
                start: "HTTP/1.1 303 See Other".to_owned(),
                headers: vec![("Location".to_owned(), to.to_owned()), ("Cache-Control".to_owned(), "no-store".to_owned())],
                body: Vec::new(),
            };
            send(client, &replaced).await
        }
        Some(Fault::Enormous { bytes }) => {
            let prefix = r#"{"message":"Saved.","padding":""#;
            let suffix = r#""}"#;
            let mut body = Vec::with_capacity(bytes);
            body.extend_from_slice(prefix.as_bytes());
            body.resize(bytes.saturating_sub(suffix.len()).max(prefix.len()), b'x');
            body.extend_from_slice(suffix.as_bytes());
            let replaced = Message {
                start: "HTTP/1.1 200 OK".to_owned(),
                headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
                body,
            };
            send(client, &replaced).await
        }
        Some(Fault::Endless) => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            client.write_all(head.as_bytes()).await?;
            let chunk = |data: &[u8]| [format!("{:x}\r\n", data.len()).into_bytes(), data.to_vec(), b"\r\n".to_vec()].concat();
            client.write_all(&chunk(br#"{"message":"Saved.","padding":""#)).await?;
            let padding = chunk(&[b'x'; 64 * 1024]);
            // Ends when a write fails: the browser closed the connection (the widget gave up).
            for _ in 0..4096 {
                client.write_all(&padding).await?;
            }
            client.shutdown().await
        }
        Some(Fault::Rewrite { from, to }) => {
            let text = String::from_utf8_lossy(&response.body).replace(from, to);
            response.body = text.into_bytes();
            send(client, &response).await
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        409 => "Conflict",
        418 => "I'm a teapot",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

async fn send(client: &mut TcpStream, message: &Message) -> std::io::Result<()> {
    client.write_all(&message.head_bytes(message.body.len())).await?;
    client.write_all(&message.body).await?;
    client.flush().await?;
    client.shutdown().await
}

/// Closes with a TCP RST instead of a FIN: the browser sees "connection reset".
fn reset(client: TcpStream) {
    reset_ref(&client);
    drop(client);
}

fn reset_ref(client: &TcpStream) {
    // Linger 0 makes the close a reset. The socket closes when the stream is dropped; a
    // `shutdown` here would send a FIN first, so nothing else is done with it.
    #[allow(deprecated)]
    let _ = client.set_linger(Some(Duration::ZERO));
}

/// Sends the request to the server on a new connection and reads its whole answer.
async fn forward(request: &Message, port: u16) -> std::io::Result<Message> {
    let mut upstream = TcpStream::connect(("127.0.0.1", port)).await?;
    upstream.write_all(&request.head_bytes(request.body.len())).await?;
    upstream.write_all(&request.body).await?;
    upstream.flush().await?;
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), upstream.read_to_end(&mut raw))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "the server did not finish its answer"))??;
    let (head, rest) = split_head(&raw).ok_or_else(|| std::io::Error::other("no response head from the server"))?;
    let mut response = parse_head(head)?;
    response.body = if response.header("Transfer-Encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
    {
        dechunk(rest)?
    } else if let Some(length) = response.header("Content-Length").and_then(|l| l.trim().parse::<usize>().ok()) {
        rest[..length.min(rest.len())].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(response)
}

/// Reads one request (head and `Content-Length` body); `None` when the browser closed first.
async fn read_request(client: &mut TcpStream) -> std::io::Result<Option<Message>> {
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    let (head_len, mut message) = loop {
        if let Some((head, _)) = split_head(&raw) {
            let len = head.len() + 4;
            break (len, parse_head(head)?);
        }
        if raw.len() > MAX_HEAD {
            return Err(std::io::Error::other("request head too large"));
        }
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        raw.extend_from_slice(&chunk[..n]);
    };
    let length = message.header("Content-Length").and_then(|l| l.trim().parse::<usize>().ok()).unwrap_or(0);
    while raw.len() < head_len + length {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&chunk[..n]);
    }
    message.body = raw[head_len..(head_len + length).min(raw.len())].to_vec();
    Ok(Some(message))
}

fn split_head(raw: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    Some((&raw[..at], &raw[at + 4..]))
}

fn parse_head(head: &[u8]) -> std::io::Result<Message> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let start = lines.next().unwrap_or("").to_owned();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    Ok(Message { start, headers, body: Vec::new() })
}

fn dechunk(mut rest: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let at = rest.windows(2).position(|w| w == b"\r\n").ok_or_else(|| std::io::Error::other("bad chunk"))?;
        let size_text = String::from_utf8_lossy(&rest[..at]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| std::io::Error::other("bad chunk size"))?;
        rest = &rest[at + 2..];
        if size == 0 {
            return Ok(body);
        }
        body.extend_from_slice(&rest[..size.min(rest.len())]);
        rest = &rest[(size + 2).min(rest.len())..];
    }
}
