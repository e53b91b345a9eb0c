//! Issue messages, per locale: data, apart from the rules, so a translator never touches rule code.
//!
//! Each template names its params in braces (`{max}`); [`render`] fills them from the issue's
//! params. A test checks that every code has a template in every locale that uses exactly the
//! params the code declares.

use crate::issue::{IssueCode, ParamValue};
use crate::locale::{localized, Locale};

/// The message template of `code` in `locale`: `[en, zh-CN, es]`.
pub fn template(code: IssueCode, locale: Locale) -> &'static str {
    let t = match code {
        IssueCode::Required => localized!(
            "This field is required.",
            "此项为必填项。",
            "Este campo es obligatorio.",
        ),
        IssueCode::InvalidType => localized!(
            "Expected {expected}, got {received}.",
            "应为{expected}，实际为{received}。",
            "Se esperaba {expected}, se recibió {received}.",
        ),
        IssueCode::UnknownField => localized!(
            "This field is not part of the request.",
            "请求中不允许此字段。",
            "Este campo no forma parte de la solicitud.",
        ),
        IssueCode::Empty => localized!(
            "This field must not be empty.",
            "此项不能为空。",
            "Este campo no puede estar vacío.",
        ),
        IssueCode::TooLong => localized!(
            "Must be at most {max} characters (currently {actual}).",
            "最多{max}个字符（当前{actual}个）。",
            "Debe tener como máximo {max} caracteres (ahora tiene {actual}).",
        ),
        IssueCode::InvalidValue => localized!(
            "Must be one of: {allowed}.",
            "取值必须为以下之一：{allowed}。",
            "Debe ser uno de: {allowed}.",
        ),
        IssueCode::TooFewItems => localized!(
            "At least {min} needed (currently {actual}).",
            "至少需要{min}项（当前{actual}项）。",
            "Se necesitan al menos {min} (ahora hay {actual}).",
        ),
        IssueCode::TooManyItems => localized!(
            "At most {max} allowed (currently {actual}).",
            "最多允许{max}项（当前{actual}项）。",
            "Se permiten como máximo {max} (ahora hay {actual}).",
        ),
        IssueCode::AbsolutePath => localized!(
            "Give the path inside the bucket's download/ directory, without scheme, host or leading '/'.",
            "请填写存储桶 download/ 目录下的相对路径，不要包含协议、主机名或开头的“/”。",
            "Indique la ruta dentro del directorio download/ del bucket, sin esquema, host ni '/' inicial.",
        ),
        IssueCode::PathTraversal => localized!(
            "The path must not contain '.' or '..' segments.",
            "路径中不能包含“.”或“..”。",
            "La ruta no puede contener segmentos '.' ni '..'.",
        ),
        IssueCode::EmptyPathSegment => localized!(
            "The path must not contain empty segments ('//' or a trailing '/').",
            "路径中不能有空的层级（“//”或结尾的“/”）。",
            "La ruta no puede tener segmentos vacíos ('//' o una '/' final).",
        ),
        IssueCode::InvalidPathCharacter => localized!(
            "The path must not contain backslashes, control characters or the escapes %2e, %2f, %5c, %00-%1f, %7f.",
            "路径中不能包含反斜杠、控制字符或转义 %2e、%2f、%5c、%00-%1f、%7f。",
            "La ruta no puede contener barras invertidas, caracteres de control ni los escapes %2e, %2f, %5c, %00-%1f, %7f.",
        ),
        IssueCode::InvalidExtension => localized!(
            "The file must be one of: {allowed}.",
            "文件格式必须为以下之一：{allowed}。",
            "El archivo debe ser de uno de estos tipos: {allowed}.",
        ),
        IssueCode::NoLetter => localized!(
            "Must contain at least one letter, not only digits, spaces or symbols.",
            "不能只包含数字、空格或特殊字符，至少需要一个文字字符。",
            "Debe contener al menos una letra, no solo dígitos, espacios o símbolos.",
        ),
        IssueCode::InvalidCountry => localized!(
            "Enter the two-letter country code in upper case, for example CN.",
            "请填写两位大写的国家或地区代码，例如 CN。",
            "Introduzca el código de país de dos letras en mayúsculas, por ejemplo CN.",
        ),
        IssueCode::InvalidMobile => localized!(
            "Enter the mobile number as {format}: 00, the country code, '-', then the number.",
            "手机号码格式应为{format}：以 00 和国家码开头，加“-”，再加号码。",
            "Introduzca el móvil como {format}: 00, el prefijo del país, '-' y el número.",
        ),
        IssueCode::InvalidEmail => localized!(
            "Enter a valid e-mail address, such as name@example.com.",
            "请输入有效的电子邮箱地址，例如 name@example.com。",
            "Introduzca un correo electrónico válido, como nombre@example.com.",
        ),
        IssueCode::InvalidAccountName => localized!(
            "Use {min} to {max} letters, digits, '-' or '_', starting with a letter or '-'.",
            "请使用{min}至{max}个字母、数字、“-”或“_”，并以字母或“-”开头。",
            "Use de {min} a {max} letras, dígitos, '-' o '_', empezando por una letra o '-'.",
        ),
        IssueCode::ReservedPrefix => localized!(
            "Account names cannot start with '{prefix}'.",
            "账号名不能以“{prefix}”开头。",
            "El nombre de cuenta no puede empezar por '{prefix}'.",
        ),
        IssueCode::AllDigits => localized!(
            "The account name cannot consist of digits only.",
            "账号名不能为纯数字。",
            "El nombre de cuenta no puede contener solo dígitos.",
        ),
        IssueCode::FileTooLarge => localized!(
            "The file is too large: at most {max} bytes (this one has {actual}).",
            "文件过大：最大{max}字节（此文件{actual}字节）。",
            "El archivo es demasiado grande: como máximo {max} bytes (este tiene {actual}).",
        ),
        IssueCode::EmptyFile => localized!(
            "The file is empty.",
            "文件为空。",
            "El archivo está vacío.",
        ),
        IssueCode::ContentMismatch => localized!(
            "The file's content is not a {extension} file.",
            "文件内容与{extension}格式不符。",
            "El contenido del archivo no es de tipo {extension}.",
        ),
        IssueCode::InvalidJson => localized!(
            "The request is not valid JSON: {reason} (line {line}, column {column}).",
            "请求不是有效的 JSON：{reason}（第{line}行，第{column}列）。",
            "La solicitud no es JSON válido: {reason} (línea {line}, columna {column}).",
        ),
        IssueCode::TooLarge => localized!(
            "This value is too large to check: it holds more than {max} values.",
            "此值过大，无法检查：其中的值超过{max}个。",
            "Este valor es demasiado grande para comprobarlo: contiene más de {max} valores.",
        ),
        IssueCode::Unreadable => localized!(
            "This value could not be read.",
            "无法读取此值。",
            "No se pudo leer este valor.",
        ),
        IssueCode::IllFormedText => localized!(
            "This text holds an incomplete character (a lone UTF-16 surrogate).",
            "此文本包含不完整的字符（孤立的 UTF-16 代理项）。",
            "Este texto contiene un carácter incompleto (un sustituto UTF-16 aislado).",
        ),
        IssueCode::PartnerFieldMismatch => localized!(
            "This value is set by the partner and cannot be changed here.",
            "此值由合作伙伴设置，不能在此修改。",
            "Este valor lo fija el socio y no puede cambiarse aquí.",
        ),
        IssueCode::AttachmentNotFound => localized!(
            "No uploaded file has this path.",
            "找不到此路径的已上传文件。",
            "No hay ningún archivo subido con esta ruta.",
        ),
        IssueCode::AttachmentNotOwned => localized!(
            "This file must be one uploaded for this account (a path starting with {directory}).",
            "此文件必须是为本账号上传的文件（路径以{directory}开头）。",
            "Este archivo debe ser uno subido para esta cuenta (una ruta que empiece por {directory}).",
        ),
    };
    t.get(locale)
}

/// The JSON type names a message puts into words (the `expected` and `received` params of
/// [`IssueCode::InvalidType`]), in the order of [`type_word`]'s table and of a locale pack.
pub const TYPE_NAMES: [&str; 10] = [
    "string", "integer", "number", "array", "object", "boolean", "null", "bigint", "symbol",
    "function",
];

/// How a message says the JSON type `name` in `locale` (`"string"` → `"a text"`), or `None` for
/// a name not in [`TYPE_NAMES`].
pub fn type_word(name: &str, locale: Locale) -> Option<&'static str> {
    let words = match name {
        "string" => localized!("a text", "文本", "un texto"),
        "integer" => localized!("a whole number", "整数", "un número entero"),
        "number" => localized!("a number", "数字", "un número"),
        "array" => localized!("a list", "列表", "una lista"),
        "object" => localized!("an object", "对象", "un objeto"),
        "boolean" => localized!("true or false", "布尔值", "verdadero o falso"),
        "null" => localized!("nothing", "空值", "nada"),
        // What JavaScript holds besides JSON's types (the npm package reports them).
        "bigint" => localized!("a BigInt", "BigInt 大整数", "un BigInt"),
        "symbol" => localized!("a symbol", "Symbol 符号", "un símbolo"),
        "function" => localized!("a function", "函数", "una función"),
        _ => return None,
    };
    Some(words.get(locale))
}

/// Renders the message of `code` in `locale` with `params` filled in. An unknown placeholder is
/// left as written, so a template mistake shows instead of vanishing.
pub fn render(code: IssueCode, params: &[(&'static str, ParamValue)], locale: Locale) -> String {
    render_with(template(code, locale), params, &|name| {
        type_word(name, locale)
    })
}

/// Renders `template` with `params` filled in, the type names of `expected` and `received` put
/// into words by `words` (a name it does not know is written as it is): [`render`] with the
/// texts of another source, such as a [locale pack](crate::pack::Pack).
pub fn render_with<'w>(
    template: &str,
    params: &[(&'static str, ParamValue)],
    words: &dyn Fn(&str) -> Option<&'w str>,
) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    // split_once, not index slicing: no slicing panic path (and its formatting) in the wasm.
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        match after.split_once('}') {
            Some((name, tail)) => {
                match params.iter().find(|(n, _)| *n == name) {
                    Some((n, ParamValue::Text(t))) if matches!(*n, "expected" | "received") => {
                        out.push_str(words(t).unwrap_or(t));
                    }
                    Some((_, v)) => v.write_text(&mut out),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = tail;
            }
            None => {
                out.push('{');
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders of `template` (the names in braces), sorted, each once.
#[cfg(test)]
pub(crate) fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "translations")]
    fn every_code_has_a_message_in_every_locale_using_exactly_its_params() {
        for &code in IssueCode::ALL {
            let mut declared: Vec<&str> = code.params().to_vec();
            declared.sort_unstable();
            for locale in Locale::ALL {
                let t = template(code, locale);
                assert!(!t.trim().is_empty(), "{code} {locale}");
                assert_eq!(placeholders(t), declared, "{code} in {locale}");
            }
            assert_ne!(template(code, Locale::En), template(code, Locale::ZhCn));
            assert_ne!(template(code, Locale::En), template(code, Locale::Es));
        }
    }

    #[test]
    #[cfg(feature = "translations")]
    fn renders_params_and_translates_type_names() {
        let p = vec![
            ("max", ParamValue::Int(64)),
            ("actual", ParamValue::Int(70)),
        ];
        assert_eq!(
            render(IssueCode::TooLong, &p, Locale::En),
            "Must be at most 64 characters (currently 70)."
        );
        let p = vec![("expected", "string".into()), ("received", "number".into())];
        assert_eq!(
            render(IssueCode::InvalidType, &p, Locale::ZhCn),
            "应为文本，实际为数字。"
        );
        let p = vec![("allowed", ParamValue::from(&["email", "mobile"][..]))];
        assert_eq!(
            render(IssueCode::InvalidValue, &p, Locale::Es),
            "Debe ser uno de: email, mobile."
        );
    }
}
