/// MLflow's SQLite store (`mlflow.db`, what `mlflow.set_tracking_uri("sqlite:///mlflow.db")` and
/// `mlflow server --backend-store-uri sqlite:///…` write): every run that is not deleted, with
/// its experiment's name, params, tags and metric history. Artifacts live elsewhere (the
/// artifact store) and are not read. Metric rows come in time order (the table keeps no other);
/// `is_nan` rows are NaN, and ±1.7976931348623157e308, which the store writes for ±infinity, are
/// read back as infinities.
struct MLflowDatabase {
    let path: String
    var maxSeries = LoadOptions.defaultMaxSeries

    /// Whether the file is an MLflow store: a SQLite file with runs, metrics and params tables.
    static func recognises(_ path: String) -> Bool {
        guard let database = try? SQLiteDatabase(path: path), let tables = try? database.tables() else { return false }
        return tables.isSuperset(of: ["runs", "metrics", "params"])
    }

    func read(into report: inout InputReport) {
        do {
            let database = try SQLiteDatabase(path: path)
            var experiments: [String: String] = [:]
            try database.rows("SELECT experiment_id, name FROM experiments") { row in
                if let id = row.text(0), let name = row.text(1) { experiments[id] = name }
            }
            var runs: [MLflowRun] = [], index: [String: Int] = [:]
            try database.rows("""
                SELECT run_uuid, name, status, user_id, start_time, end_time, experiment_id FROM runs
                WHERE lifecycle_stage IS NULL OR lifecycle_stage != 'deleted' ORDER BY start_time, run_uuid
                """) { row in
                guard let id = row.text(0) else { return }
                var run = MLflowRun(id: id)
                run.name = row.text(1)
                run.status = row.text(2)
                run.user = row.text(3)
                run.started = row.int(4)
                run.ended = row.int(5)
                run.experiment = row.text(6).flatMap { experiments[$0] }
                index[id] = runs.count
                runs.append(run)
            }
            try database.rows("SELECT run_uuid, key, value FROM params ORDER BY run_uuid, key") { row in
                guard let id = row.text(0), let at = index[id], let key = row.text(1) else { return }
                runs[at].params.append((key, row.text(2) ?? ""))
            }
            try database.rows("SELECT run_uuid, key, value FROM tags ORDER BY run_uuid, key") { row in
                guard let id = row.text(0), let at = index[id], let key = row.text(1) else { return }
                runs[at].tags.append((key, row.text(2) ?? ""))
            }
            let columns = try database.columns(of: "metrics")
            let step = columns.contains("step") ? "step" : "0"
            let isNaN = columns.contains("is_nan") ? "is_nan" : "0"
            var series = 0
            try database.rows("""
                SELECT run_uuid, key, value, timestamp, \(step), \(isNaN) FROM metrics
                ORDER BY run_uuid, key, timestamp, \(step)
                """) { row in
                guard let id = row.text(0), let at = index[id], let key = row.text(1) else { return }
                let before = runs[at].seriesCount
                runs[at].addPoint(key: key, step: row.int(4) ?? 0, timestamp: row.int(3) ?? 0,
                                  value: Self.value(row.double(2) ?? .nan, isNaN: (row.int(5) ?? 0) != 0))
                series += runs[at].seriesCount - before
                if series > maxSeries { throw InputError.tooManySeries(limit: maxSeries, before: 0) }
            }
            report.runs = runs.map { $0.build(files: nil) }
            report.bytes = (try? OpenFile(path: path).size) ?? 0
        } catch InputError.tooManySeries {
            report.overSeriesLimit = true
        } catch {
            report.problems.append(InputProblem(source: path, reason: .unreadable("not read as an MLflow database: \(error)")))
        }
    }

    /// A stored value as MLflow means it.
    static func value(_ stored: Double, isNaN: Bool) -> Double {
        if isNaN { return .nan }
        if stored == Double.greatestFiniteMagnitude { return .infinity }
        if stored == -Double.greatestFiniteMagnitude { return -.infinity }
        return stored
    }
}

extension SQLiteDatabase {
    /// The column names of `table`.
    func columns(of table: String) throws -> Set<String> {
        var names = Set<String>()
        try rows("SELECT name FROM pragma_table_info(?)", [table]) { row in row.text(0).map { names.insert($0) } }
        return names
    }
}
