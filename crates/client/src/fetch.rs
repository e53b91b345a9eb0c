//! The browser transport: gloo-net over the global `fetch` (browsers, workers, Node ≥ 20), one
//! `AbortController` per call that the deadline timer and the caller's signal abort, and
//! `setTimeout` for waits.
//!
//! The caller's signal is never handed to fetch: fetch rejects with the signal's reason, which
//! may be any value, and gloo-net expects an `Error`. The call's own controller is aborted
//! without a reason (an `AbortError` `DOMException`), and a flag says whether the deadline or
//! the caller stopped it.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use gloo_net::http::{Headers, Method, RequestBuilder, Response};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use crate::engine::{Incoming, Interrupted, Outgoing, Transport};

#[wasm_bindgen]
extern "C" {
    // Globals of every JavaScript host (browsers, workers, Node): not `window.setTimeout`.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    // gloo-net's `Request::send` would panic on a rejection that is not an `Error` or an answer
    // that is not a `Response`; this one is read without either assumption.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_request(request: &web_sys::Request) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(bytes: &mut [u8]) -> Result<JsValue, JsValue>;
}

/// 16 random bytes from `crypto.getRandomValues` (`Math.random` where there is no Web Crypto):
/// request ids only, never secrets.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if get_random_values(&mut bytes).is_err() {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// What a JavaScript error value says: its `message`, a string as is, else a fixed text.
pub fn js_message(value: &JsValue) -> String {
    if let Some(e) = value.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| String::from("JavaScript error"))
}

/// `d` in milliseconds for `setTimeout`, at most its limit (2³¹ − 1).
fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).min(f64::from(i32::MAX))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Running,
    Timeout,
    Aborted,
}

/// One call's fetch transport. Dropping it clears the deadline timer and stops listening to the
/// caller's signal.
pub struct Fetch {
    controller: AbortController,
    stop: Rc<Cell<Stop>>,
    deadline_ms: f64,
    timer: JsValue,
    _on_deadline: Closure<dyn FnMut()>,
    caller: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl Fetch {
    /// Starts a call of at most `timeout`, stopped early by `signal` when it fires.
    pub fn start(timeout: Duration, signal: Option<&AbortSignal>) -> Result<Fetch, Interrupted> {
        let controller = AbortController::new().map_err(|e| {
            Interrupted::Network(hwc_kyc::lean_std::concat(&[
                "AbortController: ",
                &js_message(&e),
            ]))
        })?;
        let stop = Rc::new(Cell::new(Stop::Running));
        let stopper = |why: Stop| {
            let (stop, controller) = (stop.clone(), controller.clone());
            Closure::<dyn FnMut()>::new(move || {
                if stop.get() == Stop::Running {
                    stop.set(why);
                    controller.abort();
                }
            })
        };
        let on_deadline = stopper(Stop::Timeout);
        let ms = millis(timeout);
        let timer = set_timeout(on_deadline.as_ref().unchecked_ref(), ms);
        let mut caller = None;
        if let Some(signal) = signal {
            let on_abort = stopper(Stop::Aborted);
            if signal.aborted() {
                stop.set(Stop::Aborted);
                controller.abort();
            } else {
                // An EventTarget that refuses a listener cannot abort the call either.
                let _ = signal
                    .add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
            }
            caller = Some((signal.clone(), on_abort));
        }
        Ok(Fetch {
            controller,
            stop,
            deadline_ms: js_sys::Date::now() + ms,
            timer,
            _on_deadline: on_deadline,
            caller,
        })
    }

    fn interruption(&self, message: impl FnOnce() -> String) -> Interrupted {
        match self.stop.get() {
            Stop::Timeout => Interrupted::Timeout,
            Stop::Aborted => Interrupted::Aborted,
            Stop::Running => Interrupted::Network(message()),
        }
    }

    fn stopped(&self) -> Result<(), Interrupted> {
        match self.stop.get() {
            Stop::Running => Ok(()),
            _ => Err(self.interruption(String::new)),
        }
    }
}

impl Drop for Fetch {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some((signal, on_abort)) = &self.caller {
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
    }
}

impl Transport for Fetch {
    type Body = JsValue;

    async fn send(&self, request: &Outgoing<JsValue>) -> Result<Incoming, Interrupted> {
        self.stopped()?;
        // web_sys's Headers returns fetch's refusal of a name or value; gloo-net's would throw.
        let headers = web_sys::Headers::new().map_err(|e| Interrupted::Network(js_message(&e)))?;
        for (name, value) in &request.headers {
            headers.set(name, value).map_err(|e| {
                Interrupted::Network(hwc_kyc::lean_std::concat(&[
                    "header ",
                    name,
                    ": ",
                    &js_message(&e),
                ]))
            })?;
        }
        let method = if request.method == "GET" {
            Method::GET
        } else {
            Method::POST
        };
        let builder = RequestBuilder::new(&request.url)
            .method(method)
            .headers(Headers::from_raw(headers))
            .abort_signal(Some(&self.controller.signal()));
        let built = match &request.body {
            Some(body) => builder.body(body.clone()),
            None => builder.build(),
        };
        let built = built.map_err(|e| Interrupted::Network(e.to_string()))?;
        let raw: web_sys::Request = built.into();
        let response = JsFuture::from(fetch_with_request(&raw))
            .await
            .map_err(|e| self.interruption(|| js_message(&e)))?;
        let response = Response::from(
            response
                .dyn_into::<web_sys::Response>()
                .map_err(|_| Interrupted::Network("fetch did not give a Response".into()))?,
        );
        let status = response.status();
        let header = |name: &str| response.headers().get(name);
        let (retry_after, request_id) = (header("retry-after"), header("x-request-id"));
        let body = response
            .binary()
            .await
            .map_err(|e| self.interruption(|| e.to_string()))?;
        Ok(Incoming {
            status,
            body,
            retry_after,
            request_id,
        })
    }

    async fn sleep(&self, delay: Duration) -> Result<(), Interrupted> {
        self.stopped()?;
        let ms = millis(delay);
        let signal = self.controller.signal();
        let mut timer = JsValue::UNDEFINED;
        // Resolves when the timer fires or the call's controller is aborted, whichever is first.
        let wait = js_sys::Promise::new(&mut |resolve, _reject| {
            timer = set_timeout(&resolve, ms);
            let _ = signal.add_event_listener_with_callback("abort", &resolve);
        });
        let _ = JsFuture::from(wait).await;
        clear_timeout(&timer);
        self.stopped()
    }

    fn remaining(&self) -> Duration {
        let left = self.deadline_ms - js_sys::Date::now();
        Duration::from_millis(left.max(0.0) as u64)
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn http_date_ms(&self, text: &str) -> Option<f64> {
        let ms = js_sys::Date::parse(text);
        ms.is_finite().then_some(ms)
    }
}
