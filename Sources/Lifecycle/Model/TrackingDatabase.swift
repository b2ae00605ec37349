/// The tracking database's details, entered when a service is created
/// (seed): the Azure SQL Database server and the database's name. They are
/// held as the service's tracking-database connection string, so a backup
/// keeps them and a restore brings them back, as it does every setting.
public struct TrackingDatabaseDetails: Sendable, Hashable {
    public let server: String
    public let database: String

    /// The details, or the refusal of one that a connection string cannot
    /// hold: empty, or with `;` or `=` in it.
    public init(server: String, database: String) throws(LifecycleError) {
        for (part, value) in [("server", server), ("database", database)] {
            let blank = value.allSatisfy { $0.isWhitespace }
            if blank || value.contains(";") || value.contains("=") {
                throw .invalidTrackingDetail(value, part: part)
            }
        }
        self.server = server
        self.database = database
    }

    /// `Server=SERVER;Database=DATABASE`.
    public var connectionString: String { "Server=\(server);Database=\(database)" }

    /// The server and the database a connection string names, if it names
    /// both (`Server=` or `Data Source=`, `Database=` or `Initial
    /// Catalog=`, in any case) and nothing else: a string that holds more
    /// (a user, a password) is a secret as a whole, and gives nothing.
    public init?(connectionString: String) {
        var server: String?, database: String?
        for part in connectionString.split(separator: ";") where !part.allSatisfy({ $0 == " " }) {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            let key = pair[0].lowercased().filter { !$0.isWhitespace }
            let value = pair[1].trimmingSpaces
            switch key {
            case "server", "datasource": server = value
            case "database", "initialcatalog": database = value
            default: return nil
            }
        }
        guard let server, let database, !server.isEmpty, !database.isEmpty else { return nil }
        self.server = server
        self.database = database
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
