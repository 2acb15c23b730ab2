// The settings of a yes-or-no pattern's automaton (`rules::Short`), in one
// place for the two that build one: the lazy DFA built at run time
// (rules/mod.rs) and the full DFAs build.rs builds ahead (rules/prebuilt.rs).
// Both include this file, so that a prebuilt DFA answers as the lazy one.

/// Bytes, not Unicode: ASCII classes and word boundaries, any byte matched
/// by `.` and negated classes.
fn short_syntax() -> regex_automata::util::syntax::Config {
    regex_automata::util::syntax::Config::new()
        .unicode(false)
        .utf8(false)
}

/// No groups (a yes or no needs none), and a bound on the automaton's size.
fn short_thompson() -> regex_automata::nfa::thompson::Config {
    regex_automata::nfa::thompson::Config::new()
        .which_captures(regex_automata::nfa::thompson::WhichCaptures::None)
        .nfa_size_limit(Some(10 << 20))
}
