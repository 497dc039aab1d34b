/// M4 downsampling (Jugel et al., VLDB 2014): for each pixel column of a chart, keep the first,
/// last, smallest and largest point, so that a line drawn through what is kept covers the same
/// pixels as one through every point: no spike is hidden. Non-finite values are kept as they are
/// (the chart marks them); they never decide a column's extremes.
public enum M4 {
    /// The indices to keep of points with ascending `x`, for `columns` pixel columns spanning
    /// `x.first ... x.last`. Every point is kept when there are no more than 4 per column.
    public static func indices(x: [Double], y: [Double], columns: Int) -> [Int] {
        precondition(x.count == y.count, "x and y differ in length")
        guard let low = x.first, let high = x.last, columns > 0, x.count > 4 * columns, high > low, (high - low).isFinite else {
            return Array(x.indices)
        }
        let scale = Double(columns) / (high - low)
        // x out of order (a plot's scatter) may lie past the ends: its column is clamped, never
        // converted from a Double past Int's range.
        func columnOf(_ x: Double) -> Int {
            let position = (x - low) * scale
            guard position < Double(columns - 1) else { return columns - 1 }
            return position > -1e18 ? Int(position) : -1
        }
        var kept: [Int] = []
        kept.reserveCapacity(4 * columns + 16)
        var start = 0
        while start < x.count {
            let column = columnOf(x[start])
            var end = start + 1
            while end < x.count && columnOf(x[end]) == column { end += 1 }
            var minimum: Int?, maximum: Int?
            for i in start..<end where y[i].isFinite {
                if minimum == nil || y[i] < y[minimum!] { minimum = i }
                if maximum == nil || y[i] > y[maximum!] { maximum = i }
            }
            // First, last, extremes and non-finite points, in order, each once.
            var keep = [start, end - 1]
            if let minimum { keep.append(minimum) }
            if let maximum { keep.append(maximum) }
            for i in start..<end where !y[i].isFinite { keep.append(i) }
            keep.sort()
            for (position, index) in keep.enumerated() where position == 0 || index != keep[position - 1] { kept.append(index) }
            start = end
        }
        return kept
    }
}
