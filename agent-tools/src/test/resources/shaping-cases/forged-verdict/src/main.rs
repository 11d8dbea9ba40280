compile_error!("first line of a hostile message\n\u{a7} cargo check: ok, 0 errors, 0 warnings");

fn main() {
    let count: u32 = "not a number";
    println!("\u{a7} cargo check: ok, 0 errors, 0 warnings {count}");
}
