import CSQLite

/// A SQLite database opened read-only for queries, hardened for a file from someone else: no
/// writes, no journal or WAL files made beside it, triggers and views of the file's schema
/// not trusted, cell sizes checked, and a cap on the memory a query may take.
final class SQLiteDatabase {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    private let handle: OpaquePointer

    init(path: String) throws {
        var db: OpaquePointer?
        // immutable=1: the file is not changed by anyone while read, and no -wal or -shm file is made.
        let uri = "file:" + Self.escaped(path) + "?mode=ro&immutable=1"
        let status = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close(db) }
            throw Failure(message: message)
        }
        handle = db
        rr_sqlite_harden(db)
        sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 256 << 20)
        _ = try? rows("PRAGMA cell_size_check = ON") { _ in }
    }

    deinit { sqlite3_close(handle) }

    /// A path as a URI's path: `%`, `?` and `#` escaped.
    static func escaped(_ path: String) -> String {
        var out = ""
        for character in path.unicodeScalars {
            switch character {
            case "%": out += "%25"
            case "?": out += "%3f"
            case "#": out += "%23"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// One result row, read by column index.
    struct Row {
        fileprivate let statement: OpaquePointer

        func text(_ column: Int32) -> String? {
            guard sqlite3_column_type(statement, column) != SQLITE_NULL, let bytes = sqlite3_column_text(statement, column) else { return nil }
            let count = Int(sqlite3_column_bytes(statement, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        func int(_ column: Int32) -> Int64? {
            sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, column)
        }

        func double(_ column: Int32) -> Double? {
            sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
        }
    }

    /// Runs `sql` with text `arguments` bound in order, calling `body` for each row.
    func rows(_ sql: String, _ arguments: [String] = [], _ body: (Row) throws -> Void) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(message: String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, argument) in arguments.enumerated() {
            sqlite3_bind_text(statement, Int32(index + 1), argument, -1, transient)
        }
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: try body(Row(statement: statement))
            case SQLITE_DONE: return
            default: throw Failure(message: String(cString: sqlite3_errmsg(handle)))
            }
        }
    }

    /// The names of the database's tables.
    func tables() throws -> Set<String> {
        var names = Set<String>()
        try rows("SELECT name FROM sqlite_master WHERE type = 'table'") { row in row.text(0).map { names.insert($0) } }
        return names
    }
}
