import ToonCore

extension ToonDBError {
    /// A `sqlSyntax` error naming the token and where it is.
    public static func sqlSyntax(_ message: String, near token: String, at position: SourcePosition) -> ToonDBError {
        ToonDBError(.sqlSyntax, "\(message) near \"\(token)\" at \(position)",
                    remediation: "see SQL in toondb(1) for the statements ToonDB accepts")
    }
}
