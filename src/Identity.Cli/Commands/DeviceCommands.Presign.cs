using System.CommandLine;
using System.Text;
using Identity.Cli.Device;
using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>identity device presign</c> (hidden, for bench/load): the batches <c>simulate</c> would send, signed ahead, one
/// compact JWS per line, so that a load generator measures the service alone. Nothing is sent and the device file is
/// not changed: posting them is the caller's business.
/// </summary>
internal static partial class DeviceCommands
{
    private static Command Presign(CliContext context, Option<string?> device)
    {
        var batches = new Option<int>("--batches") { Description = "How many batches", Required = true };
        var size = new Option<int>("--size") { Description = "Readings per batch", DefaultValueFactory = _ => 100 };
        var interval = new Option<string>("--interval") { Description = "Time between readings", DefaultValueFactory = _ => "1s" };
        var seed = new Option<long>("--seed") { Description = "Seed of the trace", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "The file to write (one JWS per line)", Required = true };
        var command = new Command("presign", "Sign batches ahead for a load test (bench/load/ingest-compare.sh)") { batches, size, interval, seed, output };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var (_, data, _) = Open(context, parse.GetValue(device));
            var binding = Bound(data);
            int count = parse.GetValue(batches), per = parse.GetValue(size);
            if (count is < 1 or > 100_000 || per is < 1 or > MaxBatch)
            {
                throw new CliException(ErrorCodes.InvalidRequest, $"--batches must be 1–100000 and --size 1–{MaxBatch}.");
            }

            var step = ParseInterval(parse.GetValue(interval)!);
            var now = context.Time.GetUtcNow();
            var end = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
            var trace = TraceGenerator.Generate(binding.Kind, parse.GetValue(seed), end - (step * ((count * per) - 1)), step, count * per);
            using var key = data.OpenKey();
            using var writer = new StreamWriter(parse.GetValue(output)!, false, new UTF8Encoding(false));
            for (var b = 0; b < count; b++)
            {
                var first = data.LastAcknowledged + 1 + ((long)b * per);
                var bundle = ObservationBatch.Bundle(Enumerable.Range(0, per)
                    .Select(i => ObservationBatch.Observation(binding.Kind, trace[(b * per) + i], first + i, binding.Patient, data.Did)));
                writer.WriteLine(ObservationBatch.Sign(bundle, key, data.VerificationMethod));
            }

            return 0;
        });
        return command;
    }
}
