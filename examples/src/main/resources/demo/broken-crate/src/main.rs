fn total_len(words: Vec<String>) -> usize {
    words.iter().map(|w| w.len()).sum()
}

fn main() {
    let mut words = vec![String::from("borrow"), String::from("checker")];
    let total = total_len(words);
    println!("{} words, {} letters", words.len(), total);
}
