macro_rules! make_counter {
    ($name:ident, $start:expr) => {
        fn $name() -> u32 {
            let start: u32 = $start;
            start + 1
        }
    };
}

make_counter!(first, 1);
make_counter!(second, "two");
make_counter!(third, 3.5);

fn main() {
    let total: u32 = vec![first(), second(), third()].iter().sum();
    println!("{}", format!("{} {}", total));
}
