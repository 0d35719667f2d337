/// Time in logtrace-gen: microseconds since the Unix epoch, always UTC.
typealias Micros = Int64

let microsPerSecond: Micros = 1_000_000
let microsPerMinute: Micros = 60 * microsPerSecond
let microsPerHour: Micros = 60 * microsPerMinute

/// A UTC calendar date and clock time, from Howard Hinnant's days-from-civil algorithms.
struct CivilTime {
    var year: Int
    var month: Int  // 1...12
    var day: Int  // 1...31
    var hour: Int
    var minute: Int
    var second: Int
    var micro: Int
    var weekday: Int  // 0 = Sunday

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, micro: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.micro = micro
        let days = CivilTime.daysFromCivil(year, month, day)
        weekday = Int((days + 4) % 7 + 7) % 7
    }

    init(_ t: Micros) {
        var seconds = t / microsPerSecond
        var micro = t % microsPerSecond
        if micro < 0 {
            micro += microsPerSecond
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.init(
            year: Int(y), month: Int(m), day: Int(d),
            hour: Int(secondOfDay / 3600), minute: Int(secondOfDay / 60 % 60), second: Int(secondOfDay % 60),
            micro: Int(micro))
    }

    var micros: Micros {
        let days = CivilTime.daysFromCivil(year, month, day)
        return (days * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * microsPerSecond + Int64(micro)
    }

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdayAbbreviations = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
}

/// Parses `2024-03-12T09:10:00Z`, `2024-03-12T09:10:00.25Z`, `2024-03-12 09:10:00` or `2024-03-12` (UTC).
func parseTimestamp(_ text: String) -> Micros? {
    let bytes = Array(text.utf8)
    func number(_ from: Int, _ length: Int) -> Int? {
        guard from + length <= bytes.count else { return nil }
        var v = 0
        for b in bytes[from..<from + length] {
            guard b >= 48 && b <= 57 else { return nil }
            v = v * 10 + Int(b - 48)
        }
        return v
    }
    guard let year = number(0, 4), bytes.count >= 10, bytes[4] == 45, let month = number(5, 2), bytes[7] == 45,
        let day = number(8, 2), (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    if bytes.count == 10 { return CivilTime(year: year, month: month, day: day).micros }
    guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == 32, let hour = number(11, 2),
        bytes[13] == 58, let minute = number(14, 2), bytes[16] == 58, let second = number(17, 2),
        hour < 24, minute < 60, second < 60
    else { return nil }
    var index = 19
    var micro = 0
    if index < bytes.count && bytes[index] == 46 {
        index += 1
        var scale = 100_000
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            micro += Int(bytes[index] - 48) * scale
            scale /= 10
            index += 1
        }
    }
    if index < bytes.count && bytes[index] == UInt8(ascii: "Z") { index += 1 }
    guard index == bytes.count else { return nil }
    return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second, micro: micro).micros
}

/// `2024-03-12T09:10:00Z` (for messages and the summary line).
func isoSeconds(_ t: Micros) -> String {
    let c = CivilTime(t)
    return "\(c.year)-\(pad2(c.month))-\(pad2(c.day))T\(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second))Z"
}

func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

func pad3(_ v: Int) -> String { v < 10 ? "00\(v)" : v < 100 ? "0\(v)" : "\(v)" }
