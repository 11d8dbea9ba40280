fn main() {
    println!("cargo:warning=\x1b[31mred build warning\x1b[0m with a bell \x07 and a \u{202e}reversed\u{202c} word");
}
