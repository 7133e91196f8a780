using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Cli.Device;
using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli.Commands;

/// <summary><c>identity device simulate</c>: generate, sign and post readings, resuming an interrupted run where it stopped.</summary>
internal static partial class DeviceCommands
{
    private const int MaxBatch = 1000;

    private static Command Simulate(CliContext context, Option<string?> device)
    {
        var kind = new Option<string?>("--kind") { Description = "cgm, bp or pulse-ox (default: the kind the device was bound as; must match it)" };
        kind.AcceptOnlyFromAmong(TraceGenerator.Kinds);
        var interval = new Option<string>("--interval") { Description = "Time between readings, e.g. 30s, 5m, 1h", DefaultValueFactory = _ => "5m" };
        var count = new Option<int>("--count") { Description = "How many readings; their times are spaced by --interval and end now (288 at 5m: the last day)", Required = true };
        var seed = new Option<long?>("--seed") { Description = "Seed of the trace (default: random); the same seed gives the same day" };
        var batch = new Option<int>("--batch") { Description = $"Readings per signed batch (1–{MaxBatch})", DefaultValueFactory = _ => 100 };
        var end = new Option<string?>("--end") { Description = "The last reading's time (RFC 3339, not in the future; default: now)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the readings a new run would send (with --json, each value), send and record nothing" };
        var command = new Command("simulate", "Stream realistic readings, signed by the device, to POST /tenants/{t}/observations; a restart resumes without duplicating")
        {
            kind, interval, count, seed, batch, end, dryRun,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (path, data, passphrase) = Open(context, parse.GetValue(device));
            var binding = Bound(data);
            if (parse.GetValue(kind) is { } asked && asked != binding.Kind)
            {
                throw new CliException(ErrorCodes.InvalidRequest, $"{data.Did} is bound as a {binding.Kind} device, not {asked}.");
            }

            var size = parse.GetValue(batch);
            if (size is < 1 or > MaxBatch || parse.GetValue(count) is < 1 or > 1_000_000)
            {
                throw new CliException(ErrorCodes.InvalidRequest, $"--batch must be 1–{MaxBatch} and --count 1–1000000.");
            }

            var run = Plan(context, data, binding.Kind, ParseInterval(parse.GetValue(interval)!), parse.GetValue(count), parse.GetValue(seed), parse.GetValue(end), out var resumed);
            var trace = TraceGenerator.Generate(run.Kind, run.Seed, run.Start, run.Interval, run.Count);
            if (parse.GetValue(dryRun))
            {
                return DryRun(context, data, binding, run, trace);
            }

            if (resumed)
            {
                context.Warn($"Resuming the run of {run.Count} readings from sequence {data.LastAcknowledged + 1} (seed {run.Seed}); --count, --seed and --end apply to the next run.");
            }

            // The run is recorded before anything is sent: a restart regenerates exactly these readings.
            data.Run = run;
            DeviceFile.Save(path, data, passphrase);
            var totals = new Totals();
            using var client = new ServerClient(binding.Server, context);
            using var key = data.OpenKey();
            for (var index = (int)(data.LastAcknowledged + 1 - run.FirstSequence); index < run.Count;)
            {
                var wait = trace[index].Effective - context.Time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, context.Time, ct); // a live run: never a reading from the future
                    continue;
                }

                var now = context.Time.GetUtcNow();
                var take = 0;
                while (take < size && index + take < run.Count && trace[index + take].Effective <= now)
                {
                    take++;
                }

                var first = run.FirstSequence + index;
                var bundle = ObservationBatch.Bundle(Enumerable.Range(0, take)
                    .Select(i => ObservationBatch.Observation(run.Kind, trace[index + i], first + i, binding.Patient, data.Did)));
                var (_, answer) = await client.PostTextAsync($"tenants/{Uri.EscapeDataString(binding.Tenant)}/observations",
                    ObservationBatch.Sign(bundle, key, data.VerificationMethod), "application/jose", ct);
                totals.Add(context, answer);

                // Every reading of the batch has its verdict: the next one to send follows the batch, across restarts too.
                data.LastAcknowledged = first + take - 1;
                DeviceFile.Save(path, data, passphrase);
                index += take;
            }

            var summary = totals.ToJson(data, binding, run);
            context.Emit(summary, () => context.Output.WriteLine(
                $"Sent sequences {summary["firstSequence"]}–{summary["lastSequence"]} of {data.Did}: {totals.Accepted} accepted, {totals.Duplicates} duplicates, {totals.Rejected} rejected"));
            return 0;
        });
        return command;
    }

    // The run to send: the unfinished one in the device file, else a new one after the last acknowledged sequence.
    private static SimulationRun Plan(CliContext context, DeviceData data, string kind, TimeSpan interval, int count, long? seed, string? endText, out bool resumed)
    {
        resumed = data.Run is { } pending && data.LastAcknowledged < pending.LastSequence && pending.Kind == kind;
        if (resumed)
        {
            return data.Run!;
        }

        var now = context.Time.GetUtcNow();
        var end = now;
        if (endText is not null && (!DateTimeOffset.TryParse(endText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out end) || end > now))
        {
            throw new CliException(ErrorCodes.InvalidRequest, $"--end must be an RFC 3339 date-time not in the future, not '{endText}'.");
        }

        // Whole seconds, and never before the last reading already sent: times only move forward for the service.
        var start = end.AddTicks(-(end.Ticks % TimeSpan.TicksPerSecond)) - (interval * (count - 1));
        if (data.Run is { } previous && start <= previous.LastEffective)
        {
            start = previous.LastEffective + interval;
        }

        return new SimulationRun(kind, seed ?? RandomNumberGenerator.GetInt32(int.MaxValue), start, interval, count, data.LastAcknowledged + 1);
    }

    private static int DryRun(CliContext context, DeviceData data, DeviceBinding binding, SimulationRun run, IReadOnlyList<TraceReading> trace)
    {
        var skip = (int)(data.LastAcknowledged + 1 - run.FirstSequence);
        var readings = new JsonArray([.. trace.Skip(skip).Select((r, i) => (JsonNode)new JsonObject
        {
            ["sequence"] = run.FirstSequence + skip + i,
            ["effective"] = r.Effective.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["value"] = r.Primary,
            ["secondary"] = r.Secondary,
        })]);
        context.Emit(new JsonObject { ["device"] = data.Did, ["patient"] = binding.Patient, ["kind"] = run.Kind, ["seed"] = run.Seed, ["readings"] = readings }, () =>
        {
            foreach (var r in readings)
            {
                context.Output.WriteLine($"{r!["sequence"]}\t{r["effective"]}\t{r["value"]}{(r["secondary"] is null ? "" : "/" + r["secondary"])}");
            }
        });
        return 0;
    }

    /// <summary>The service's verdicts, summed over the batches of one run.</summary>
    private sealed class Totals
    {
        private readonly JsonArray _rejections = [];
        private readonly JsonArray _gaps = [];

        public long Accepted { get; private set; }

        public long Duplicates { get; private set; }

        public long Rejected { get; private set; }

        public long? FirstSequence { get; private set; }

        public void Add(CliContext context, JsonObject answer)
        {
            Accepted += answer["accepted"]?.GetValue<long>() ?? 0;
            Duplicates += answer["duplicates"]?.GetValue<long>() ?? 0;
            Rejected += answer["rejected"]?.GetValue<long>() ?? 0;
            foreach (var gap in answer["gaps"] as JsonArray ?? [])
            {
                _gaps.Add(gap?.DeepClone());
            }

            foreach (var reading in (answer["readings"] as JsonArray ?? []).OfType<JsonObject>())
            {
                FirstSequence ??= reading["sequence"]?.GetValue<long>();
                if (reading["status"]?.GetValue<string>() == "rejected")
                {
                    _rejections.Add(reading.DeepClone());
                    var reasons = string.Join("; ", (reading["reasons"] as JsonArray ?? []).Select(r => $"{r?["code"]}: {r?["detail"]}"));
                    context.Warn($"reading {reading["sequence"]} was rejected ({reasons})");
                }
            }
        }

        public JsonObject ToJson(DeviceData data, DeviceBinding binding, SimulationRun run) => new()
        {
            ["device"] = data.Did,
            ["patient"] = binding.Patient,
            ["kind"] = run.Kind,
            ["seed"] = run.Seed,
            ["firstSequence"] = FirstSequence ?? data.LastAcknowledged + 1,
            ["lastSequence"] = data.LastAcknowledged,
            ["accepted"] = Accepted,
            ["duplicates"] = Duplicates,
            ["rejected"] = Rejected,
            ["gaps"] = _gaps,
            ["rejections"] = _rejections,
        };
    }
}
