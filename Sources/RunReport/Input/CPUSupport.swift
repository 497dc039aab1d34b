import Foundation

/// Whether this CPU runs the event scan: on x86_64 it is compiled for x86-64-v3 with PCLMUL
/// (AVX2 and friends), and a CPU without them would stop with an illegal instruction.
public enum CPUSupport {
    /// The instruction set extensions the scan needs that this CPU lacks (empty when it runs).
    public static var missingFeatures: [String] {
        #if arch(x86_64) && os(Linux)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return missing(inFlagsLine: String(flagsLine))
        #else
        return []
        #endif
    }

    /// The needed features absent from a `/proc/cpuinfo` flags line (lzcnt shows there as abm).
    static func missing(inFlagsLine line: String) -> [String] {
        let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "\t" }).map(String.init))
        return ["avx2", "bmi1", "bmi2", "abm", "pclmulqdq", "popcnt"].filter { !flags.contains($0) }
    }
}
