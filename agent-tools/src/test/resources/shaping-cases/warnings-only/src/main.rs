use std::collections::HashMap;
use std::fmt::Write;

fn main() {
    let unused_0 = 0;
    let unused_1 = 1;
    let unused_2 = 2;
    let unused_3 = 3;
    let unused_4 = 4;
    let unused_5 = 5;
    let unused_6 = 6;
    let unused_7 = 7;
    let unused_8 = 8;
    let unused_9 = 9;
    let unused_10 = 10;
    let unused_11 = 11;
    let unused_12 = 12;
    let unused_13 = 13;
    let unused_14 = 14;
    let unused_15 = 15;
    let unused_16 = 16;
    let unused_17 = 17;
    let unused_18 = 18;
    let unused_19 = 19;
    let unused_20 = 20;
    let unused_21 = 21;
    let unused_22 = 22;
    let unused_23 = 23;
    let unused_24 = 24;
    let unused_25 = 25;
    let unused_26 = 26;
    let unused_27 = 27;
    let unused_28 = 28;
    let unused_29 = 29;
    let mut never_mutated_0 = 0;
    println!("{}", never_mutated_0);
    let mut never_mutated_1 = 1;
    println!("{}", never_mutated_1);
    let mut never_mutated_2 = 2;
    println!("{}", never_mutated_2);
    let mut never_mutated_3 = 3;
    println!("{}", never_mutated_3);
    let mut never_mutated_4 = 4;
    println!("{}", never_mutated_4);
    let mut never_mutated_5 = 5;
    println!("{}", never_mutated_5);
    let mut never_mutated_6 = 6;
    println!("{}", never_mutated_6);
    let mut never_mutated_7 = 7;
    println!("{}", never_mutated_7);
    let mut never_mutated_8 = 8;
    println!("{}", never_mutated_8);
    let mut never_mutated_9 = 9;
    println!("{}", never_mutated_9);
}
fn dead_helper_0() -> u32 { 0 }
fn dead_helper_1() -> u32 { 1 }
fn dead_helper_2() -> u32 { 2 }
fn dead_helper_3() -> u32 { 3 }
fn dead_helper_4() -> u32 { 4 }
fn dead_helper_5() -> u32 { 5 }
fn dead_helper_6() -> u32 { 6 }
fn dead_helper_7() -> u32 { 7 }
fn dead_helper_8() -> u32 { 8 }
fn dead_helper_9() -> u32 { 9 }
fn dead_helper_10() -> u32 { 10 }
fn dead_helper_11() -> u32 { 11 }
