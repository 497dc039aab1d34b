import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why a request to a tracking server failed.
public enum PullError: Error, Equatable, CustomStringConvertible {
    case http(status: Int, path: String, body: String)
    case network(path: String, reason: String)
    case tooLarge(path: String, limit: Int)
    case badResponse(path: String, reason: String)
    case unsafeName(String)
    case configuration(String)

    public var description: String {
        switch self {
        case let .http(status, path, body): return "the server answered \(status) to \(path)" + (body.isEmpty ? "" : ": \(body)")
        case let .network(path, reason): return "\(path): \(reason)"
        case let .tooLarge(path, limit): return "\(path): the answer is larger than \(limit) bytes; not read"
        case let .badResponse(path, reason): return "\(path): \(reason)"
        case let .unsafeName(name): return "\(name): not a name that stays inside the output; skipped"
        case let .configuration(reason): return reason
        }
    }
}

/// HTTP requests to one server: JSON in and out, credentials in headers only, answers capped in
/// size as they arrive, and retries with exponential backoff (honouring `Retry-After`) on 429, 5xx
/// and network errors, a bounded number of times. TLS is verified by libcurl against the system's
/// certificate store (FoundationNetworking offers no other trust on Linux).
public final class HTTPFetcher: @unchecked Sendable {  // immutable after init; URLSession is thread-safe
    public let base: URL
    let headers: [String: String]
    public var maxResponseBytes = 256 << 20
    public var attempts = 5
    /// The first retry's wait; each next one doubles, up to 30 s.
    public var backoff = 0.5
    private let session: URLSession
    private let delegate = Delegate()

    public init(base: URL, headers: [String: String], timeout: TimeInterval = 60) {
        self.base = base
        self.headers = headers
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    /// GET `path` with `query`; the body's bytes.
    public func get(_ path: String, query: [(String, String)] = [], limit: Int? = nil) throws -> [UInt8] {
        try send(request(path, query: query, method: "GET", body: nil), path: path, limit: limit ?? maxResponseBytes)
    }

    /// POST `body` as JSON to `path`; the answer's bytes.
    public func post(_ path: String, json body: JSONValue) throws -> [UInt8] {
        try send(request(path, query: [], method: "POST", body: Array(body.serialized().utf8)), path: path, limit: maxResponseBytes)
    }

    /// GET or POST and parse the answer as JSON.
    public func json(_ path: String, query: [(String, String)] = [], post body: JSONValue? = nil) throws -> JSONValue {
        let bytes = try body.map { try post(path, json: $0) } ?? get(path, query: query)
        do { return try JSONParser.parse(bytes) } catch { throw PullError.badResponse(path: path, reason: "not JSON (\(error))") }
    }

    private func request(_ path: String, query: [(String, String)], method: String, body: [UInt8]?) throws -> URLRequest {
        let url = path.isEmpty ? base : base.appendingPathComponent(path)
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            throw PullError.configuration("cannot make a URL of \(base) and \(path)")
        }
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components.url else { throw PullError.configuration("cannot make a URL of \(base) and \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        return request
    }

    private func send(_ request: URLRequest, path: String, limit: Int) throws -> [UInt8] {
        var wait = backoff
        for attempt in 1...max(1, attempts) {
            let answer = Capped(limit: limit)
            let task = session.dataTask(with: request)
            delegate.register(answer, for: task)
            task.resume()
            answer.done.wait()
            delegate.unregister(task)
            if answer.overLimit { throw PullError.tooLarge(path: path, limit: limit) }
            let retryable: Bool
            var after: Double?
            if let error = answer.error {
                // A certificate that does not verify will not verify on the next try either.
                let tls = (-1206 ... -1200).contains((error as NSError).code)
                if attempt == attempts || tls { throw PullError.network(path: path, reason: error.localizedDescription) }
                retryable = true
            } else if let status = answer.status, status == 429 || (500...599).contains(status) {
                if attempt == attempts { throw PullError.http(status: status, path: path, body: Self.excerpt(answer.data)) }
                retryable = true
                after = answer.retryAfter
            } else if let status = answer.status, !(200...299).contains(status) {
                throw PullError.http(status: status, path: path, body: Self.excerpt(answer.data))
            } else {
                return answer.data
            }
            guard retryable else { break }
            Thread.sleep(forTimeInterval: min(30, max(after ?? 0, wait)))
            wait = min(30, wait * 2)
        }
        throw PullError.network(path: path, reason: "no answer")
    }

    /// The start of an error body, as one line of plain text.
    static func excerpt(_ data: [UInt8]) -> String {
        String(decoding: data.prefix(300), as: UTF8.self).unicodeScalars
            .map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
    }
}

/// One request's answer, gathered by the session's delegate and cut off past `limit`.
final class Capped: @unchecked Sendable {  // written on the session's queue, read after `done`
    let limit: Int
    var data: [UInt8] = []
    var status: Int?
    var retryAfter: Double?
    var error: Error?
    var overLimit = false
    let done = DispatchSemaphore(value: 0)

    init(limit: Int) { self.limit = limit }
}

/// The session's delegate: routes each task's events to its answer.
private final class Delegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {  // `answers` behind `lock`
    private let lock = NSLock()
    private var answers: [Int: Capped] = [:]

    func register(_ answer: Capped, for task: URLSessionTask) { lock.withLock { answers[task.taskIdentifier] = answer } }
    func unregister(_ task: URLSessionTask) { _ = lock.withLock { answers.removeValue(forKey: task.taskIdentifier) } }
    private func answer(_ task: URLSessionTask) -> Capped? { lock.withLock { answers[task.taskIdentifier] } }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse, let answer = answer(dataTask) {
            answer.status = http.statusCode
            answer.retryAfter = (http.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)
            if let length = http.value(forHTTPHeaderField: "Content-Length").flatMap(Int.init), length > answer.limit {
                answer.overLimit = true
                completionHandler(.cancel)
                return
            }
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let answer = answer(dataTask) else { return }
        if answer.data.count + data.count > answer.limit {
            answer.overLimit = true
            dataTask.cancel()
            return
        }
        answer.data += data
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let answer = answer(task) else { return }
        if !answer.overLimit { answer.error = error }
        answer.done.signal()
    }

    /// Redirects are followed only to the same scheme, host and port: credentials never go elsewhere.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        let from = task.originalRequest?.url, to = request.url
        let same = from?.scheme == to?.scheme && from?.host == to?.host && from?.port == to?.port
        completionHandler(same ? request : nil)
    }
}
