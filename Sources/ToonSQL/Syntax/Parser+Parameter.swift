extension Parser {
    /// The largest parameter number, SQLite's default `SQLITE_MAX_VARIABLE_NUMBER`.
    static let maxParameterNumber = 32766

    /// A parameter, numbered as SQLite numbers them: `?` one more than the
    /// largest number so far, `?NNN` that number, and a name the next number
    /// the first time it appears and the same number after.
    mutating func parameter() throws -> Expr {
        let token = current
        let number: Int
        if token.text.hasPrefix("?") {
            if token.text.count == 1 {
                number = parameterNames.count + 1
            } else {
                guard let n = Int(token.text.dropFirst()), n >= 1, n <= Parser.maxParameterNumber else {
                    throw syntaxError("variable number must be between ?1 and ?\(Parser.maxParameterNumber)")
                }
                number = n
            }
        } else if let known = parameterNames.firstIndex(of: token.text) {
            number = known + 1
        } else {
            number = parameterNames.count + 1
        }
        guard number <= Parser.maxParameterNumber else {
            throw syntaxError("too many SQL variables (the limit is \(Parser.maxParameterNumber))")
        }
        while parameterNames.count < number { parameterNames.append(nil) }
        if !token.text.hasPrefix("?") { parameterNames[number - 1] = token.text }
        advance()
        return .parameter(number: number, position: token.position)
    }
}
