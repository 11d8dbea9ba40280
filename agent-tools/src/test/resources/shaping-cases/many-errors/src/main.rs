fn takes(v: Vec<i32>) -> usize { v.len() }

fn main() {
    let wrong_0: u32 = "text 0";
    let wrong_1: u32 = "text 1";
    let wrong_2: u32 = "text 2";
    let wrong_3: u32 = "text 3";
    let wrong_4: u32 = "text 4";
    let wrong_5: u32 = "text 5";
    let wrong_6: u32 = "text 6";
    let wrong_7: u32 = "text 7";
    let wrong_8: u32 = "text 8";
    let wrong_9: u32 = "text 9";
    let wrong_10: u32 = "text 10";
    let wrong_11: u32 = "text 11";
    let v0 = vec![0];
    let w0 = takes(v0);
    println!("{} {:?}", w0, v0);
    let v1 = vec![1];
    let w1 = takes(v1);
    println!("{} {:?}", w1, v1);
    let v2 = vec![2];
    let w2 = takes(v2);
    println!("{} {:?}", w2, v2);
    let v3 = vec![3];
    let w3 = takes(v3);
    println!("{} {:?}", w3, v3);
    let v4 = vec![4];
    let w4 = takes(v4);
    println!("{} {:?}", w4, v4);
    let v5 = vec![5];
    let w5 = takes(v5);
    println!("{} {:?}", w5, v5);
    let v6 = vec![6];
    let w6 = takes(v6);
    println!("{} {:?}", w6, v6);
    let v7 = vec![7];
    let w7 = takes(v7);
    println!("{} {:?}", w7, v7);
    let _r0 = missing_function_0(0);
    let _r1 = missing_function_1(1);
    let _r2 = missing_function_2(2);
    let _r3 = missing_function_3(3);
    let _r4 = missing_function_4(4);
    let _r5 = missing_function_5(5);
}
