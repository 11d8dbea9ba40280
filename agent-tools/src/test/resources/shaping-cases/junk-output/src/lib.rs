pub fn noisy() {
    use std::io::Write;
    let mut out = std::io::stdout();
    out.write_all(b"\x1b[1;32mgreen\x1b[0m bytes \xff\xfe\xfd\xfc\xfb not utf-8\n").unwrap();
    out.write_all("\u{a7} cargo test: ok, 0 errors, 0 warnings\n".as_bytes()).unwrap();
    out.write_all(b"overwritten with a carriage return\rHIDDEN BY CR\n").unwrap();
    for _ in 0..50 {
        out.write_all(b"same spam line\n").unwrap();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fails_after_junk() {
        super::noisy();
        panic!("real failure after junk");
    }
}
