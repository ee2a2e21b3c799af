import ToonCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses SQL text (SQLite's dialect, as far as ToonDB supports it) into the
/// syntax tree of AST.swift. Every error is a `ToonDBError` with code
/// `sqlSyntax` naming the offending token and its line and column.
public enum SQLParser {
    /// Parses a script of statements separated by `;` (empty statements allowed, trailing `;` optional).
    public static func parse(_ sql: String) throws -> [Statement] {
        var parser = try Parser(sql)
        return try parser.parseScript()
    }

    /// Parses exactly one statement (a trailing `;` allowed).
    public static func parseStatement(_ sql: String) throws -> Statement {
        var parser = try Parser(sql)
        let statement = try parser.parseStatement()
        _ = parser.accept(.semicolon)
        try parser.expectEnd()
        return statement
    }

    /// Parses exactly one statement and names its parameters: the name of
    /// each by number (index 0 is `?1`), nil for `?` and `?NNN`.
    package static func parseStatementAndParameters(_ sql: String) throws -> (statement: Statement, parameterNames: [String?]) {
        var parser = try Parser(sql)
        let statement = try parser.parseStatement()
        _ = parser.accept(.semicolon)
        try parser.expectEnd()
        return (statement, parser.parameterNames)
    }

    /// Parses one expression (for DEFAULT values and tests).
    public static func parseExpression(_ sql: String) throws -> Expr {
        var parser = try Parser(sql)
        let expr = try parser.expression()
        try parser.expectEnd()
        return expr
    }
}

/// The recursive-descent parser.
///
/// Recursion is bounded so hostile input cannot overflow the stack: nesting
/// (parentheses, prefix operators, subqueries, CASE, function arguments) is
/// limited to `maxDepth` levels, and past `stackCheckDepth` levels the parser
/// also checks that at least `StackGuard.margin` bytes of the thread's stack
/// remain (frames are much larger in unoptimised builds, and threads may have
/// stacks of 512 KiB or less). Expression trees are bounded by `maxHeight`,
/// counting left-associative chains too, so that code walking or freeing a
/// tree recursively is safe as well.
struct Parser {
    /// Maximum nesting of parenthesised expressions, prefix operators and subqueries.
    static let maxDepth = 200
    /// Nesting depth from which the remaining stack space is checked.
    static let stackCheckDepth = 16
    /// Maximum height of an expression tree, counting left-associative chains
    /// (`1+1+1…`) too, so walking or freeing the tree recursively is safe.
    static let maxHeight = 500
    /// Maximum number of tables in one FROM clause.
    static let maxJoinTables = 64
    /// Maximum number of SELECTs in one compound (SQLite's default limit).
    static let maxCompoundTerms = 500

    let bytes: [UInt8]
    let tokens: [Token]
    /// `tokens[i].kind` and `.keyword`, stored apart: reading a whole `Token`
    /// costs a stack slot per access in unoptimised builds.
    let kinds: [TokenKind]
    let keywords: [Keyword?]
    var index = 0
    /// Current recursion depth.
    var depth = 0
    /// Current depth plus the left-associative chains above this point.
    var height = 0
    /// The lowest usable stack address of this thread (0: not looked up yet, 1: unknown).
    var stackLow: UInt = 0
    /// The parameters seen so far, by number (index 0 is `?1`): the name as
    /// written (`:a`, `@a`, `$a`), or nil for `?` and `?NNN`.
    var parameterNames: [String?] = []

    init(_ sql: String) throws {
        bytes = Array(sql.utf8)
        tokens = try Lexer.tokenize(bytes)
        kinds = tokens.map(\.kind)
        keywords = tokens.map(\.keyword)
    }

    // MARK: Token access

    var current: Token { tokens[index] }
    var kind: TokenKind { kinds[index] }
    var keyword: Keyword? { keywords[index] }

    var currentText: String { tokens[index].text }
    var currentStart: Int { tokens[index].start }
    var currentPosition: SourcePosition { tokens[index].position }

    /// Whether the token at `i` can be a name (a non-reserved word or a quoted identifier).
    func isIdentifier(at i: Int) -> Bool {
        switch kinds[i] {
        case .quotedIdentifier: return true
        case .word: return keywords[i].map { !$0.isReserved } ?? true
        default: return false
        }
    }

    /// Whether the current token can be a name.
    var atIdentifier: Bool { isIdentifier(at: index) }

    /// The kind of the token `offset` places ahead.
    func peekKind(_ offset: Int = 1) -> TokenKind {
        kinds[min(index + offset, kinds.count - 1)]
    }

    func peekKeyword(_ offset: Int = 1) -> Keyword? {
        keywords[min(index + offset, keywords.count - 1)]
    }

    func peekToken(_ offset: Int = 1) -> Token {
        tokens[min(index + offset, tokens.count - 1)]
    }

    /// End offset of the last consumed token.
    var previousEnd: Int { index > 0 ? tokens[index - 1].end : 0 }

    mutating func advance() {
        if index < kinds.count - 1 { index += 1 }
    }

    /// Consumes the current token if it is of kind `k`.
    mutating func accept(_ k: TokenKind) -> Bool {
        if kinds[index] == k { advance(); return true }
        return false
    }

    /// Consumes the current token if it is the keyword `k`.
    mutating func accept(_ k: Keyword) -> Bool {
        if keywords[index] == k { advance(); return true }
        return false
    }

    func check(_ k: Keyword) -> Bool { keywords[index] == k }

    /// Whether the current token is the bare word `upper` (for words that are not keywords).
    func atWord(_ upper: String) -> Bool {
        kinds[index] == .word && tokens[index].text.uppercased() == upper
    }

    mutating func expect(_ k: TokenKind, _ what: String) throws {
        if !accept(k) { throw syntaxError("expected \(what)") }
    }

    mutating func expect(_ k: Keyword) throws {
        if !accept(k) { throw syntaxError("expected \(k.rawValue)") }
    }

    func expectEnd() throws {
        if kind != .endOfInput { throw syntaxError("syntax error") }
    }

    // MARK: Errors

    /// The text of a token for error messages.
    func describe(_ token: Token) -> String {
        if token.kind == .endOfInput { return "end of input" }
        var end = min(token.end, token.start + 40)
        while end < token.end && end > token.start && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        let text = Lexer.text(bytes, token.start, end)
        return end < token.end ? text + "…" : text
    }

    /// A syntax error at the current token.
    func syntaxError(_ message: String) -> ToonDBError {
        syntaxError(message, at: tokens[index])
    }

    func syntaxError(_ message: String, at token: Token) -> ToonDBError {
        let msg = token.kind == .endOfInput && message == "syntax error" ? "incomplete input" : message
        return ToonDBError.sqlSyntax(msg, near: describe(token), at: token.position)
    }

    // MARK: Nesting

    /// Enters one level of recursion; throws when nested too deeply.
    mutating func enter() throws {
        depth += 1
        height += 1
        if depth > Parser.maxDepth {
            throw syntaxError("too deeply nested (the limit is \(Parser.maxDepth) levels)")
        }
        if height > Parser.maxHeight {
            throw syntaxError("expression tree is too large (maximum depth \(Parser.maxHeight))")
        }
        if depth >= Parser.stackCheckDepth { try checkStack() }
    }

    /// Throws when less than `StackGuard.margin` bytes of stack remain.
    @inline(never)
    mutating func checkStack() throws {
        if stackLow == 0 { stackLow = StackGuard.lowestAddressCached() ?? 1 }
        guard stackLow > 1 else { return }
        let here = StackGuard.currentAddress()
        if here < stackLow || here - stackLow < StackGuard.margin {
            throw syntaxError("too deeply nested (not enough stack space for \(depth) levels)")
        }
    }

    mutating func leave() {
        depth -= 1
        height -= 1
    }

    // MARK: Names

    /// An identifier: a non-reserved word or a quoted identifier.
    mutating func identifier(_ what: String = "a name") throws -> String {
        if isIdentifier(at: index) {
            advance()
            return tokens[index - 1].text
        }
        throw syntaxError("expected \(what)")
    }

    /// A name of a table, index, view or trigger; `main.name` (or `temp.name`)
    /// is accepted and the schema dropped.
    mutating func qualifiedName(_ what: String) throws -> String {
        let first = index
        var name = try identifier(what)
        if kind == .dot {
            try checkSchema(at: first)
            advance()
            name = try identifier(what)
        }
        return name
    }

    /// Only the `main` and `temp` schemas exist.
    func checkSchema(at i: Int) throws {
        let schema = tokens[i].text.lowercased()
        if schema != "main" && schema != "temp" {
            throw syntaxError("unknown database \(tokens[i].text)", at: tokens[i])
        }
    }

    /// `( name, name, … )`
    mutating func nameList(_ what: String = "a column name") throws -> [String] {
        try expect(.leftParen, "\"(\"")
        var names: [String] = []
        repeat {
            names.append(try identifier(what))
        } while accept(.comma)
        try expect(.rightParen, "\")\"")
        return names
    }

    /// The source text between two byte offsets, trimmed of whitespace.
    func sourceText(from start: Int, to end: Int) -> String {
        guard end > start else { return "" }
        return Lexer.text(bytes, start, end)
    }
}

/// The current thread's stack bounds (stacks grow down on every supported platform).
enum StackGuard {
    #if TOONDB_SANITIZED
    /// How many times larger stack frames are in this build: a build under
    /// AddressSanitizer or ThreadSanitizer (`scripts/sanitize.sh` defines
    /// `TOONDB_SANITIZED`) pads and instruments every frame.
    static let frameScale: UInt = 4
    #else
    /// How many times larger stack frames are in this build: 1 without a sanitizer.
    static let frameScale: UInt = 1
    #endif

    /// Stack kept free for whatever runs after the last check (scaled with
    /// the frames, so as many of them fit in it under a sanitizer).
    static let margin: UInt = 128 * 1024 * frameScale

    /// Throws when less than ``margin`` bytes of stack remain below the
    /// caller, given the stack's lowest address (0: unknown, never throws).
    /// A frame below the stack is not on it (AddressSanitizer keeps locals
    /// in fake frames on the heap), so nothing is known and nothing thrown.
    static func check(lowest: UInt, _ what: @autoclosure () -> String) throws {
        guard lowest > 0 else { return }
        let here = currentAddress()
        if here >= lowest && here - lowest < margin {
            throw ToonDBError(.sqlSemantic, "\(what()) is too complex (not enough stack space)")
        }
    }

    /// An address in the caller's frame.
    @inline(never)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Per-thread cache of ``lowestAddress()``: asking the system can be slow
    /// (on the main thread glibc reads /proc/self/maps).
    private static let cacheKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The lowest address of the current thread's stack, cached per thread; nil when unknown.
    static func lowestAddressCached() -> UInt? {
        if let p = pthread_getspecific(cacheKey) {
            let v = UInt(bitPattern: p)
            return v == 1 ? nil : v
        }
        let v = lowestAddress() ?? 1
        pthread_setspecific(cacheKey, UnsafeRawPointer(bitPattern: v))
        return v == 1 ? nil : v
    }

    /// The lowest address of the current thread's stack, if the system says.
    static func lowestAddress() -> UInt? {
        #if canImport(Glibc) || canImport(Musl)
        // pthread_getattr_np is a GNU extension the Glibc module does not export.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(nil, "pthread_getattr_np") else { return nil }
        let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
        return UInt(bitPattern: address)
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        let size = UInt(pthread_get_stacksize_np(pthread_self()))
        return top > size ? top - size : nil
        #else
        return nil
        #endif
    }
}
