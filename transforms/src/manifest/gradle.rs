//! Gradle build scripts (`build.gradle` in Groovy, `build.gradle.kts` in Kotlin), read as far as
//! dependency declarations need: the string literals outside comments, and whether every string,
//! comment and bracket is closed.

use std::ops::Range;

/// Where the string literals of a build script lie (their contents, quotes excluded), in order,
/// outside comments. `Err(at)`: where a string, comment or bracket that is never closed (or
/// closed without being opened) begins.
pub fn literals(text: &str) -> Result<Vec<Range<usize>>, usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut brackets: Vec<(u8, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = find(b, i + 2, b"*/").ok_or(i)?;
                i = end + 2;
            }
            q @ (b'"' | b'\'') => {
                let triple = b[i..].starts_with(&[q, q, q]);
                let open = if triple { 3 } else { 1 };
                let start = i + open;
                let end = if triple {
                    find(b, start, &[q, q, q]).ok_or(i)?
                } else {
                    let mut j = start;
                    loop {
                        match b.get(j) {
                            None | Some(b'\n') => return Err(i),
                            Some(b'\\') => j += 2,
                            Some(&c) if c == q => break j,
                            Some(_) => j += 1,
                        }
                    }
                };
                out.push(start..end);
                i = end + open;
            }
            c @ (b'(' | b'[' | b'{') => {
                brackets.push((c, i));
                i += 1;
            }
            c @ (b')' | b']' | b'}') => {
                let want = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match brackets.pop() {
                    Some((open, _)) if open == want => {}
                    _ => return Err(i),
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    match brackets.first() {
        Some(&(_, at)) => Err(at),
        None => Ok(out),
    }
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|n| from + n)
}

/// `group:artifact[:version[:classifier]][@ext]` split at its colons (`@ext` left out), with each
/// part's range relative to the literal's content; `None` unless there are a group and an artifact.
pub fn coordinates(content: &str) -> Option<Vec<(&str, Range<usize>)>> {
    let content = content.rsplit_once('@').map_or(content, |(c, _)| c);
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in content.char_indices().chain([(content.len(), ':')]) {
        if c == ':' {
            parts.push((&content[start..i], start..i));
            start = i + 1;
        }
    }
    let plain = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_'))
    };
    (parts.len() >= 2 && parts.len() <= 4 && plain(parts[0].0) && plain(parts[1].0))
        .then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(text: &str) -> Vec<&str> {
        literals(text)
            .unwrap()
            .into_iter()
            .map(|l| &text[l])
            .collect()
    }

    #[test]
    fn string_literals_outside_comments_in_groovy_and_kotlin() {
        let groovy = "dependencies {\n  implementation 'com.hashicorp:cdktf:0.21.0' // 'not:this:1'\n  /* \"nor:this:2\" */\n  implementation \"a:b:$v\"\n}\n";
        assert_eq!(contents(groovy), ["com.hashicorp:cdktf:0.21.0", "a:b:$v"]);
        let kotlin = "dependencies {\n    implementation(\"x:y:1\")\n    val s = \"\"\"a \"quoted\" b\"\"\"\n    val e = \"esc \\\" q\"\n}\n";
        assert_eq!(contents(kotlin), ["x:y:1", "a \"quoted\" b", "esc \\\" q"]);
    }

    #[test]
    fn an_unclosed_string_comment_or_bracket_is_an_error_where_it_opens() {
        assert_eq!(literals("a 'b\n'"), Err(2));
        assert_eq!(literals("x /* y"), Err(2));
        assert_eq!(literals("deps { a(1) "), Err(5));
        assert_eq!(literals("deps { a(1] }"), Err(10));
        assert_eq!(literals("s = '''a\nb'''\nt = \"\"\"c"), Err(18));
        assert_eq!(literals("// 'a\n{ }\n"), Ok(vec![]));
    }

    #[test]
    fn coordinates_need_a_plain_group_and_artifact() {
        let parts = |s| coordinates(s).map(|p| p.into_iter().map(|(t, _)| t).collect::<Vec<_>>());
        assert_eq!(
            parts("com.hashicorp:cdktf:0.21.0"),
            Some(vec!["com.hashicorp", "cdktf", "0.21.0"])
        );
        assert_eq!(parts("io.cdktn:cdktn"), Some(vec!["io.cdktn", "cdktn"]));
        assert_eq!(parts("g:a:$version"), Some(vec!["g", "a", "$version"]));
        assert_eq!(parts("https://example.com"), None);
        assert_eq!(parts("just text"), None);
        assert_eq!(parts("a:b:c:d:e"), None);
        let p = coordinates("g:art:1.0").unwrap();
        assert_eq!(p[2].1, 6..9);
        assert_eq!(parts("g:a:1.0@jar"), Some(vec!["g", "a", "1.0"]));
        assert_eq!(
            parts("g:a:1.0:sources@jar"),
            Some(vec!["g", "a", "1.0", "sources"])
        );
    }
}
