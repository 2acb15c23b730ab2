//! Byte offsets to the (line, column) positions that findings report.

/// The (line, column) of a byte offset, both 1-based, columns in characters,
/// as findings report them.
pub fn position(text: &[u8], offset: usize) -> (usize, usize) {
    LineCounter::new(text).position(offset)
}

/// Byte offset -> (line, column), both 1-based, columns in characters.
/// Offsets must be asked in increasing order of line for linear cost.
pub(super) struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
    /// the column at `pos`
    col: usize,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            pos: 0,
            line: 1,
            col: 1,
        }
    }

    /// Linear over a whole file when offsets come in increasing order, even
    /// with many findings on one very long line.
    pub(super) fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.pos {
            *self = LineCounter::new(self.text);
        }
        let chars = |b: &[u8]| b.iter().filter(|&&c| (c & 0xC0) != 0x80).count();
        let gap = &self.text[self.pos..offset];
        match memchr::memrchr(b'\n', gap) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', gap).count();
                self.col = 1 + chars(&gap[last + 1..]);
            }
            None => self.col += chars(gap),
        }
        self.pos = offset;
        (self.line, self.col)
    }
}
