use std::rc::Rc;

struct Level0 { shared: Rc<String> }
struct Level1 { inner: Level0, tag: u8 }
struct Level2 { inner: Level1, tag: u16 }
struct Level3 { inner: Level2, tag: u8 }
struct Level4 { inner: Level3, tag: u16 }
struct Level5 { inner: Level4, tag: u8 }
struct Level6 { inner: Level5, tag: u16 }
struct Level7 { inner: Level6, tag: u8 }
struct Level8 { inner: Level7, tag: u16 }
struct Level9 { inner: Level8, tag: u8 }
struct Level10 { inner: Level9, tag: u16 }
struct Level11 { inner: Level10, tag: u8 }
struct Level12 { inner: Level11, tag: u16 }
struct Level13 { inner: Level12, tag: u8 }
struct Level14 { inner: Level13, tag: u16 }
struct Level15 { inner: Level14, tag: u8 }

fn needs_send<T: Send>(_value: T) {}

fn build() -> Level15 {
    Level15 { inner: Level14 { inner: Level13 { inner: Level12 { inner: Level11 { inner: Level10 { inner: Level9 { inner: Level8 { inner: Level7 { inner: Level6 { inner: Level5 { inner: Level4 { inner: Level3 { inner: Level2 { inner: Level1 { inner: Level0 { shared: Rc::new(String::from("x")) }, tag: 1 }, tag: 2 }, tag: 3 }, tag: 4 }, tag: 5 }, tag: 6 }, tag: 7 }, tag: 8 }, tag: 9 }, tag: 10 }, tag: 11 }, tag: 12 }, tag: 13 }, tag: 14 }, tag: 15 }
}

fn main() {
    needs_send(build());
}
