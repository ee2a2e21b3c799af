import ToonCore
import ToonDB

/// The sizes of one `sql` run, from the command line.
struct SQLPlan: Sendable {
    var users: Int
    var orders: Int
    /// Point SELECTs by id per pass.
    var points: Int
    /// Range SELECTs (BETWEEN, ORDER BY, LIMIT) per pass.
    var ranges: Int
    /// Ids each range covers.
    var rangeWidth: Int
    /// Executions of the GROUP BY and of the JOIN per pass.
    var repeats: Int
    /// Orders inserted in one transaction by the batch INSERT.
    var batchRows: Int
    /// Passes over the engines; medians are reported.
    var runs: Int
}

/// The deterministic data and SQL text of a run, all derived from one seed.
///
/// `users` ids are `1...users`, `orders` ids `1...orders`; every column
/// value comes from one SplitMix64 stream. All statements are built here,
/// before any timing, and both engines run the same strings.
struct SQLWorkload: Sendable {
    struct User: Sendable {
        let id: Int64, name: String, age: Int64, city: String
        var values: [SQLValue] { [.integer(id), .text(name), .integer(age), .text(city)] }
    }
    struct Order: Sendable {
        let id: Int64, userID: Int64, cents: Int64, status: String
        var amount: Double { Double(cents) / 100 }
    }

    static let cities = ["Amsterdam", "Athens", "Berlin", "Bern", "Bratislava", "Brussels", "Bucharest",
                         "Budapest", "Copenhagen", "Dublin", "Helsinki", "Lisbon", "Ljubljana", "London",
                         "Madrid", "Oslo", "Paris", "Prague", "Riga", "Rome", "Sofia", "Stockholm",
                         "Tallinn", "Vienna", "Vilnius", "Warsaw", "Zagreb"]
    static let statuses = ["pending", "paid", "shipped", "delivered", "cancelled"]
    /// The `u.age > …` bound of the JOIN.
    static let joinMinAge = 50

    static let schema = [
        "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, age INTEGER, city TEXT)",
        "CREATE TABLE orders(id INTEGER PRIMARY KEY, user_id INTEGER, amount REAL, status TEXT)",
        "CREATE INDEX orders_user ON orders(user_id)",
    ]
    static let groupBySQL = "SELECT city, count(*), avg(age) FROM users GROUP BY city"
    static let joinSQL = "SELECT u.city, count(*), sum(o.amount) FROM users u JOIN orders o ON o.user_id = u.id " +
        "WHERE u.age > \(joinMinAge) GROUP BY u.city"
    /// The same queries with parameters, for SQLite's reused prepared statements.
    static let pointTemplate = "SELECT * FROM users WHERE id = ?"
    static let rangeTemplate = "SELECT * FROM users WHERE id BETWEEN ? AND ? ORDER BY age DESC LIMIT 10"
    static let insertUserTemplate = "INSERT INTO users VALUES (?, ?, ?, ?)"
    static let insertOrderTemplate = "INSERT INTO orders VALUES (?, ?, ?, ?)"
    static let updateTemplate = "UPDATE users SET age = ? WHERE id = ?"

    let users: [User]
    let orders: [Order]
    /// One INSERT per row: the users, then the orders.
    let inserts: [String]
    let pointIDs: [Int64]
    let pointSQL: [String]
    let rangeBounds: [(low: Int64, high: Int64)]
    let rangeSQL: [String]

    init(plan: SQLPlan, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        var users: [User] = []
        for id in 1...Int64(plan.users) {
            let name = "user-" + String(rng.next() >> 40, radix: 36)
            users.append(User(id: id, name: name, age: Int64(18 + pick(73)), city: SQLWorkload.cities[pick(SQLWorkload.cities.count)]))
        }
        var orders: [Order] = []
        for id in 1...Int64(plan.orders) {
            orders.append(Order(id: id, userID: Int64(1 + pick(plan.users)), cents: Int64(100 + pick(99_900)),
                                status: SQLWorkload.statuses[pick(SQLWorkload.statuses.count)]))
        }
        self.users = users
        self.orders = orders
        inserts = users.map { "INSERT INTO users VALUES (\($0.id), '\($0.name)', \($0.age), '\($0.city)')" } +
            orders.map { "INSERT INTO orders VALUES (\($0.id), \($0.userID), \($0.amount), '\($0.status)')" }
        pointIDs = (0..<plan.points).map { _ in Int64(1 + pick(plan.users)) }
        pointSQL = pointIDs.map { "SELECT * FROM users WHERE id = \($0)" }
        let width = min(plan.rangeWidth, plan.users)
        rangeBounds = (0..<plan.ranges).map { _ in
            let low = Int64(1 + pick(plan.users - width + 1))
            return (low, low + Int64(width) - 1)
        }
        rangeSQL = rangeBounds.map {
            "SELECT * FROM users WHERE id BETWEEN \($0.low) AND \($0.high) ORDER BY age DESC LIMIT 10"
        }
    }
}
