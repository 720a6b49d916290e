//! JSON-RPC 2.0 messages as LSP uses them: telling requests, notifications and responses apart
//! (and malformed messages from all three), and writing responses.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Invalid JSON was received.
pub const PARSE_ERROR: i32 = -32700;
/// The JSON sent is not a valid request.
pub const INVALID_REQUEST: i32 = -32600;
/// The method does not exist or is not available.
pub const METHOD_NOT_FOUND: i32 = -32601;
/// Invalid method parameters.
pub const INVALID_PARAMS: i32 = -32602;
/// A request before `initialize`.
pub const SERVER_NOT_INITIALIZED: i32 = -32002;

/// A request id: a number or a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Id {
    Number(i64),
    String(String),
}

/// One message from the client, sorted.
#[derive(Debug, PartialEq)]
pub enum Incoming {
    Request {
        id: Id,
        method: String,
        params: Value,
    },
    Notification {
        method: String,
        params: Value,
    },
    /// A response to a request of ours (the server sends none, so they are dropped).
    Response,
    /// Valid JSON that is not a JSON-RPC 2.0 message: why, and the id to answer if it has a
    /// usable one (`Some(None)`: it has an id we cannot use, answered with `id: null`).
    Invalid {
        id: Option<Option<Id>>,
        why: String,
    },
}

/// A body as a message; `Err` when it is not JSON at all.
pub fn parse(body: &[u8]) -> Result<Incoming, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    Ok(classify(value))
}

fn classify(value: Value) -> Incoming {
    let Value::Object(mut obj) = value else {
        return Incoming::Invalid {
            id: None,
            why: "a message is a JSON object".into(),
        };
    };
    let id = obj
        .remove("id")
        .map(|v| serde_json::from_value::<Id>(v).ok());
    let invalid = |id: Option<Option<Id>>, why: &str| Incoming::Invalid {
        id,
        why: why.to_string(),
    };
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid(id, "`jsonrpc` must be \"2.0\"");
    }
    let params = match obj.remove("params") {
        None | Some(Value::Null) => Value::Null,
        Some(p @ (Value::Object(_) | Value::Array(_))) => p,
        Some(_) => return invalid(id, "`params` must be an object or an array"),
    };
    match (obj.remove("method"), id) {
        (Some(Value::String(method)), None) => Incoming::Notification { method, params },
        (Some(Value::String(method)), Some(Some(id))) => Incoming::Request { id, method, params },
        (Some(Value::String(_)), Some(None)) => {
            invalid(Some(None), "`id` must be a number or a string")
        }
        (Some(_), id) => invalid(id, "`method` must be a string"),
        (None, id) if obj.contains_key("result") || obj.contains_key("error") => match id {
            Some(_) => Incoming::Response,
            None => invalid(None, "a response needs an `id`"),
        },
        (None, id) => invalid(id, "`method` is missing"),
    }
}

/// A success response.
pub fn ok(id: &Id, result: Value) -> Value {
    let mut m = Map::new();
    m.insert("jsonrpc".into(), "2.0".into());
    m.insert("id".into(), serde_json::to_value(id).unwrap_or(Value::Null));
    m.insert("result".into(), result);
    Value::Object(m)
}

/// An error response (`id: None` is sent as `null`, for messages whose id is unknown).
pub fn error(id: Option<&Id>, code: i32, message: impl Into<String>) -> Value {
    let mut e = Map::new();
    e.insert("code".into(), code.into());
    e.insert("message".into(), message.into().into());
    let mut m = Map::new();
    m.insert("jsonrpc".into(), "2.0".into());
    m.insert(
        "id".into(),
        id.and_then(|i| serde_json::to_value(i).ok())
            .unwrap_or(Value::Null),
    );
    m.insert("error".into(), Value::Object(e));
    Value::Object(m)
}

/// A notification from the server.
pub fn notification(method: &str, params: Value) -> Value {
    let mut m = Map::new();
    m.insert("jsonrpc".into(), "2.0".into());
    m.insert("method".into(), method.into());
    m.insert("params".into(), params);
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Incoming {
        parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn sorts_messages() {
        assert_eq!(
            p(r#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#),
            Incoming::Request {
                id: Id::Number(7),
                method: "shutdown".into(),
                params: Value::Null
            }
        );
        assert!(matches!(
            p(r#"{"jsonrpc":"2.0","id":"a","method":"x","params":[1]}"#),
            Incoming::Request { id: Id::String(s), .. } if s == "a"
        ));
        assert!(matches!(
            p(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            Incoming::Notification { method, .. } if method == "exit"
        ));
        assert_eq!(
            p(r#"{"jsonrpc":"2.0","id":1,"result":null}"#),
            Incoming::Response
        );
    }

    #[test]
    fn malformed_messages_say_whether_they_can_be_answered() {
        assert!(parse(b"{not json").is_err());
        assert!(parse(&[0xff, 0xfe]).is_err());
        let invalid = |s: &str| match p(s) {
            Incoming::Invalid { id, .. } => id,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            invalid(r#"{"jsonrpc":"2.0","id":3}"#),
            Some(Some(Id::Number(3)))
        );
        assert_eq!(
            invalid(r#"{"jsonrpc":"1.0","id":4,"method":"initialize"}"#),
            Some(Some(Id::Number(4)))
        );
        assert_eq!(
            invalid(r#"{"id":5,"method":"initialize"}"#),
            Some(Some(Id::Number(5)))
        );
        assert_eq!(
            invalid(r#"{"jsonrpc":"2.0","id":{"x":1},"method":"a"}"#),
            Some(None)
        );
        assert_eq!(invalid(r#"{"jsonrpc":"2.0","method":5}"#), None);
        assert_eq!(
            invalid(r#"{"jsonrpc":"2.0","method":"a","params":3}"#),
            None
        );
        assert_eq!(invalid("[1,2]"), None);
        assert_eq!(invalid("3"), None);
    }

    #[test]
    fn responses_carry_the_id_or_null() {
        let e = error(None, PARSE_ERROR, "bad");
        assert_eq!(e["id"], Value::Null);
        assert_eq!(e["error"]["code"], -32700);
        assert_eq!(ok(&Id::String("q".into()), Value::Null)["id"], "q");
        assert!(ok(&Id::Number(1), Value::Null).get("result").is_some());
    }
}
