//! A headless Chromium per test, through its own chromedriver on a free loopback port.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// How long a page or an element may take to appear.
const WAIT: Duration = Duration::from_secs(20);

/// A browser window of a given size, and the chromedriver that drives it.
pub struct Browser {
    client: Client,
    driver: Child,
    _profile: TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium whose viewport is `width` × `height`.
    pub async fn start(width: u32, height: u32) -> Self {
        let driver_path = path("CHROMEDRIVER", "/usr/bin/chromedriver");
        let chromium = path("CHROMIUM", "/usr/bin/chromium");
        let port = free_port();
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "cannot start {} ({error}): install Debian's chromium and chromium-driver, \
                     or run .ci/browser",
                    driver_path.display()
                )
            });
        let profile = TempDir::new();
        // The flags that keep Chromium off the network and quiet in a sandboxed CI.
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--hide-scrollbars".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.0.display()),
        ];
        let mut options = json!({ "binary": chromium, "args": args });
        if width < 500 {
            // Chromium's windows are at least 500 px wide: a phone's viewport is emulated.
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 3.0, "mobile": true, "touch": true },
            });
        }
        let capabilities = json!({ "browserName": "chrome", "goog:chromeOptions": options });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("an object literal")
        };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + WAIT;
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                // chromedriver is still starting: its port does not answer yet.
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => panic!("chromedriver at {url} did not start Chromium: {error}"),
            }
        };
        Self {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Loads `url` and waits for the page.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("the page loads");
    }

    /// The page's title.
    pub async fn title(&self) -> String {
        self.client.title().await.expect("a title")
    }

    /// The element `css` selects, which must be there.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no `{css}` on the page: {error}"))
    }

    /// The element `css` selects, once it appears (after a navigation).
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("`{css}` did not appear: {error}"))
    }

    /// The viewport's width in CSS pixels.
    pub async fn viewport_width(&self) -> u64 {
        let width = self
            .client
            .execute("return window.innerWidth;", Vec::new())
            .await
            .expect("the script runs");
        width.as_u64().expect("a number")
    }

    /// Every visible element wider than its parent, or sticking out of it, and the page if
    /// it scrolls sideways: one line each.
    pub async fn overflowing(&self) -> Vec<String> {
        const SCRIPT: &str = r#"
            const found = [];
            for (const el of document.querySelectorAll('body *')) {
                const parent = el.parentElement;
                const style = getComputedStyle(el);
                if (!parent || style.display === 'none' || style.visibility === 'hidden') continue;
                const r = el.getBoundingClientRect(), p = parent.getBoundingClientRect();
                if (r.width === 0 && r.height === 0) continue;
                if (r.width > p.width + 0.5 || r.right > p.right + 0.5 || r.left < p.left - 0.5) {
                    found.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)} in `
                        + `${parent.tagName.toLowerCase()} ${Math.round(p.left)}..${Math.round(p.right)}: `
                        + (el.textContent || '').trim().slice(0, 40));
                }
            }
            const root = document.documentElement;
            if (root.scrollWidth > root.clientWidth) {
                found.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
            }
            return found;
        "#;
        let found = self
            .client
            .execute(SCRIPT, Vec::new())
            .await
            .expect("the script runs");
        found
            .as_array()
            .map(|lines| {
                lines
                    .iter()
                    .map(|line| line.as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Ends the session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A failed test ends here without `close`: chromedriver takes Chromium with it.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn path(variable: &str, default: &str) -> PathBuf {
    std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// A fresh Chromium profile, removed afterwards.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("linepay-browser-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a profile directory");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
