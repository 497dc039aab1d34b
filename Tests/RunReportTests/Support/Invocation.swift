import Foundation
import XCTest

/// What the runreport binary did: its exit status and both streams.
struct Invocation {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built runreport binary with `arguments` to its end.
func runCLI(_ arguments: [String], environment: [String: String]? = nil) throws -> Invocation {
    let binary = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("runreport")
    let candidates = [binary.path, repositoryRoot + "/.build/debug/runreport"]
    let path = try XCTUnwrap(candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, "runreport not built")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // stderr is read meanwhile, so that neither pipe can fill and stall the other.
    final class Box: @unchecked Sendable { var data = Data() }
    let stderr = Box()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { stderr.data = err.fileHandleForReading.readDataToEndOfFile() }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Invocation(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr.data, as: UTF8.self))
}
