internal import CSQLite
import FolioCompute
import Foundation

/// Reads an MLflow SQLite tracking store (`mlflow.db`, written by
/// `mlflow.store.tracking.sqlalchemy_store.SqlAlchemyStore`) into the same values as the file
/// store reader `MLflowStore`: `MLflowExperiment` and `MLflowRun`.
///
/// Tables read: `experiments` (experiment_id, name, artifact_location, lifecycle_stage and,
/// since MLflow 2.2, creation_time / last_update_time), `experiment_tags`, `runs` (run_uuid,
/// name, status as text, start_time, end_time, lifecycle_stage, user_id, artifact_uri,
/// experiment_id), `params`, `tags` and `metrics` (key, value, timestamp, step, run_uuid,
/// is_nan; every logged point, not only `latest_metrics`). As MLflow does, a metric row with
/// `is_nan = 1` is NaN whatever its stored value. Experiments and runs whose lifecycle_stage
/// is `deleted` are skipped, as `MlflowClient.search_runs` does. The `path` of the
/// experiments and runs read is the database file.
///
/// The database is opened read-only (`sqlite3_open_v2` with `SQLITE_OPEN_READONLY`), one
/// connection per call, closed before the call returns; statements are prepared, bound and
/// finalized in this file. Errors (`DataError`) carry the database's path.
struct MLflowSQLiteStore: Sendable {
    /// The database file.
    let path: String

    /// The tables every MLflow tracking database has.
    static let requiredTables = ["experiments", "runs", "metrics", "params", "tags"]

    /// The active experiments, ordered by id.
    ///
    /// - Throws: `io` when the file cannot be opened; `malformed` when it is not an SQLite
    ///   database or not an MLflow tracking database.
    func experiments() throws(DataError) -> [MLflowExperiment] {
        let db = try Connection(path: path)
        defer { db.close() }
        let columns = try db.columns(of: "experiments")
        let times = columns.contains("creation_time") && columns.contains("last_update_time")
            ? "creation_time, last_update_time" : "NULL, NULL"
        var tags: [String: [String: String]] = [:]
        if try db.tables().contains("experiment_tags") {
            try db.query("SELECT experiment_id, key, value FROM experiment_tags") { row in
                tags[row.text(0) ?? "", default: [:]][row.text(1) ?? ""] = row.text(2) ?? ""
            }
        }
        var experiments: [MLflowExperiment] = []
        try db.query("""
            SELECT experiment_id, name, artifact_location, lifecycle_stage, \(times) FROM experiments
            WHERE COALESCE(lifecycle_stage, 'active') <> 'deleted' ORDER BY experiment_id
            """) { row in
            let id = row.text(0) ?? ""
            experiments.append(MLflowExperiment(
                id: id, name: row.text(1) ?? "", artifactLocation: row.text(2) ?? "", lifecycleStage: row.text(3) ?? "active",
                creationTime: row.int64(4), lastUpdateTime: row.int64(5), tags: tags[id] ?? [:], path: path))
        }
        return experiments
    }

    /// The active runs of `experiment`, ordered by start time, then id (as `MLflowStore`),
    /// with their params, tags and full metric histories.
    ///
    /// - Throws: as `experiments()`; `malformed` for an unknown run status.
    /// - Complexity: one query per table, O(rows of the experiment's runs).
    func runs(in experiment: MLflowExperiment) throws(DataError) -> [MLflowRun] {
        guard let experimentId = Int64(experiment.id) else {
            throw DataError(.notFound, "experiment id '\(experiment.id)' is not a number, as the ids of an MLflow database are", path: path)
        }
        let db = try Connection(path: path)
        defer { db.close() }
        _ = try db.columns(of: "experiments")
        struct Partial {
            var params: [String: String] = [:]
            var tags: [String: String] = [:]
            var metrics: [String: [MLflowMetricPoint]] = [:]
        }
        var parts: [String: Partial] = [:]
        let active = "SELECT run_uuid FROM runs WHERE experiment_id = ?1 AND COALESCE(lifecycle_stage, 'active') <> 'deleted'"
        try db.query("SELECT run_uuid, key, value FROM params WHERE run_uuid IN (\(active))", bind: experimentId) { row in
            parts[row.text(0) ?? "", default: Partial()].params[row.text(1) ?? ""] = row.text(2) ?? ""
        }
        try db.query("SELECT run_uuid, key, value FROM tags WHERE run_uuid IN (\(active))", bind: experimentId) { row in
            parts[row.text(0) ?? "", default: Partial()].tags[row.text(1) ?? ""] = row.text(2) ?? ""
        }
        try db.query("""
            SELECT run_uuid, key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid IN (\(active))
            ORDER BY run_uuid, key, timestamp, step, value
            """, bind: experimentId) { row in
            let value = (row.int64(5) ?? 0) != 0 ? Double.nan : row.double(2) ?? .nan
            let point = MLflowMetricPoint(step: row.int64(4) ?? 0, timestamp: row.int64(3) ?? 0, value: value)
            parts[row.text(0) ?? "", default: Partial()].metrics[row.text(1) ?? "", default: []].append(point)
        }
        var runs: [MLflowRun] = []
        var badStatus: (run: String, status: String)?
        try db.query("""
            SELECT run_uuid, name, status, start_time, end_time, lifecycle_stage, user_id, artifact_uri FROM runs
            WHERE experiment_id = ?1 AND COALESCE(lifecycle_stage, 'active') <> 'deleted'
            """, bind: experimentId) { row in
            let runId = row.text(0) ?? ""
            let part = parts[runId] ?? Partial()
            var status = MLflowRunStatus.running
            if let text = row.text(2) {
                guard let known = MLflowRunStatus(rawValue: text) else {
                    if badStatus == nil { badStatus = (runId, text) }
                    return
                }
                status = known
            }
            var runName = row.text(1) ?? ""
            if runName.isEmpty { runName = part.tags["mlflow.runName"] ?? "" }
            runs.append(MLflowRun(
                runId: runId, runName: runName, experimentId: experiment.id, status: status, startTime: row.int64(3),
                endTime: row.int64(4), lifecycleStage: row.text(5) ?? "active", userId: row.text(6), artifactURI: row.text(7),
                params: part.params, tags: part.tags, metrics: part.metrics, path: path))
        }
        if let badStatus {
            throw DataError(.malformed, "run \(badStatus.run) has the unknown status \"\(badStatus.status)\" (expected RUNNING, SCHEDULED, FINISHED, FAILED or KILLED)", path: path)
        }
        return runs.sorted { a, b in
            let (x, y) = (a.startTime ?? .min, b.startTime ?? .min)
            return x != y ? x < y : a.runId < b.runId
        }
    }
}

extension MLflowSQLiteStore {
    /// A read-only SQLite connection; `close()` must be called (the store does it with
    /// `defer` in the function that opened it).
    struct Connection {
        let handle: OpaquePointer
        let path: String

        /// Opens `path` read-only; a file that does not exist is an `io` error (SQLite is not
        /// allowed to create it).
        init(path: String) throws(DataError) {
            self.path = path
            var handle: OpaquePointer?
            let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil)
            guard code == SQLITE_OK, let handle else {
                let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
                sqlite3_close(handle)
                throw DataError(.io, "cannot open the SQLite database: \(message)", path: path)
            }
            self.handle = handle
        }

        func close() {
            sqlite3_close(handle)
        }

        /// The error for the connection's last failure.
        func error(_ doing: String) -> DataError {
            let code = sqlite3_errcode(handle)
            let message = String(cString: sqlite3_errmsg(handle))
            if code == SQLITE_NOTADB {
                return DataError(.malformed, "not an SQLite database (\(message)); expected an MLflow tracking store such as mlflow.db", path: path)
            }
            return DataError(.malformed, "SQLite error while \(doing): \(message)", path: path)
        }

        /// One row of a result, valid only inside the `query` callback.
        struct Row {
            let statement: OpaquePointer

            /// Column `i` as text; `nil` for NULL.
            func text(_ i: Int32) -> String? {
                guard sqlite3_column_type(statement, i) != SQLITE_NULL, let bytes = sqlite3_column_text(statement, i) else { return nil }
                return String(cString: bytes)
            }

            /// Column `i` as an integer; `nil` for NULL.
            func int64(_ i: Int32) -> Int64? {
                sqlite3_column_type(statement, i) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, i)
            }

            /// Column `i` as a double; `nil` for NULL.
            func double(_ i: Int32) -> Double? {
                sqlite3_column_type(statement, i) == SQLITE_NULL ? nil : sqlite3_column_double(statement, i)
            }
        }

        /// Runs `sql` (with `?1` bound to `bind`, if given), calling `body` for each row.
        func query(_ sql: String, bind: Int64? = nil, _ body: (Row) -> Void) throws(DataError) {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
                sqlite3_finalize(statement)
                throw error("reading the tables")
            }
            defer { sqlite3_finalize(statement) }
            if let bind, sqlite3_bind_int64(statement, 1, bind) != SQLITE_OK { throw error("binding the experiment id") }
            while true {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { return }
                guard code == SQLITE_ROW else { throw error("reading the tables") }
                body(Row(statement: statement))
            }
        }

        /// The names of the database's tables.
        func tables() throws(DataError) -> Set<String> {
            var names: Set<String> = []
            try query("SELECT name FROM sqlite_master WHERE type = 'table'") { names.insert($0.text(0) ?? "") }
            return names
        }

        /// The columns of `table`, after checking that the database holds MLflow's tables.
        ///
        /// - Throws: `malformed` naming the missing tables when it is not an MLflow database.
        func columns(of table: String) throws(DataError) -> Set<String> {
            let tables = try tables()
            let missing = MLflowSQLiteStore.requiredTables.filter { !tables.contains($0) }
            guard missing.isEmpty else {
                let found = tables.isEmpty ? "none" : tables.sorted().joined(separator: ", ")
                throw DataError(.malformed, "not an MLflow tracking database: no table \(missing.joined(separator: ", ")) (tables: \(found))", path: path)
            }
            var columns: Set<String> = []
            try query("SELECT name FROM pragma_table_info('\(table)')") { columns.insert($0.text(0) ?? "") }
            return columns
        }
    }
}
