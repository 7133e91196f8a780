// Posts the worst document of each hostile class (tests/Identity.Testing/Hostile) that fits in the request limit to a
// running server and prints, per class: body size, HTTP status, problem code, wall time, and the server's RSS and peak
// RSS from /proc/<pid>/status. Usage: Identity.HostileBench <base-url> <server-pid> [max-body-bytes=1048576] [runs=2]
// HOSTILE_CLASS=<text> runs only the classes whose name contains that text (to measure one class in a fresh process).
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Identity.Testing.Hostile;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Identity.HostileBench <base-url> <server-pid> [max-body-bytes=1048576] [runs=2]");
    return 2;
}

string baseUrl = args[0].TrimEnd('/');
int pid = int.Parse(args[1], CultureInfo.InvariantCulture);
int maxBytes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1024 * 1024;
int runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"| class | body | HTTP | code | worst wall time of {runs} | server CPU (same run) | server RSS after | server peak RSS |");
Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|");
bool allFast = true;
string? only = Environment.GetEnvironmentVariable("HOSTILE_CLASS");
foreach ((string name, string path, byte[] body) in HostileDocuments.WorstOfEachClass(maxBytes))
{
    if (!string.IsNullOrEmpty(only) && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
    {
        continue;
    }

    int status = 0;
    string code = string.Empty;
    double worst = 0;
    double worstCpu = 0;
    for (int run = 0; run < runs; run++)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        double cpuBefore = CpuSeconds();
        var watch = Stopwatch.StartNew();
        using HttpResponseMessage response = await client.PostAsync(baseUrl + path, content);
        string text = await response.Content.ReadAsStringAsync();
        watch.Stop();
        if (watch.Elapsed.TotalSeconds >= worst)
        {
            worst = watch.Elapsed.TotalSeconds;
            worstCpu = CpuSeconds() - cpuBefore;
        }

        status = (int)response.StatusCode;
        code = JsonNode.Parse(text) is JsonObject json
            ? (string?)json["code"] ?? ((bool?)json["verified"] == true ? "verified" : "-")
            : "-";
    }

    allFast &= worst <= 2.0 && status is >= 400 and < 500;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {body.Length / 1024.0:F0} KiB | {status} | `{code}` | {worst:F2} s | {worstCpu:F2} s | {Memory("VmRSS")} MB | {Memory("VmHWM")} MB |"));
}

bool alive = File.Exists($"/proc/{pid}/status");
string health = "down";
if (alive)
{
    using HttpResponseMessage response = await client.GetAsync(baseUrl + "/health");
    health = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
}

Console.WriteLine();
Console.WriteLine($"server process {pid} alive: {alive}; GET /health: {health}; peak RSS {Memory("VmHWM")} MB; every class 4xx within 2 s: {allFast}");
return alive && health == "200" && allFast ? 0 : 1;

// User + system CPU of the server process (all its threads, GC included), from /proc/<pid>/stat, in seconds.
double CpuSeconds()
{
    string stat = File.ReadAllText($"/proc/{pid}/stat");
    string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    return ticks / 100.0;
}

string Memory(string field)
{
    string statusPath = $"/proc/{pid}/status";
    if (!File.Exists(statusPath))
    {
        return "-";
    }

    foreach (string line in File.ReadLines(statusPath))
    {
        if (line.StartsWith(field + ":", StringComparison.Ordinal))
        {
            long kib = long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return (kib / 1024).ToString(CultureInfo.InvariantCulture);
        }
    }

    return "-";
}
