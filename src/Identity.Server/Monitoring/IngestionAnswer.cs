using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Storage;

namespace Identity.Server.Monitoring;

/// <summary>The 200 answer of an ingestion: counts, the device's high-water mark, the gaps the batch leaves, the log
/// leaf and one verdict per reading with its reasons (docs/monitoring.md).</summary>
internal static class IngestionAnswer
{
    public static JsonObject Build(
        DeviceBindings.Binding binding, IReadOnlyList<ObservationReader.Reading> read, IReadOnlyList<(int Index, string Id, long Sequence)> stored, ReadingCommit commit, int maxGaps)
    {
        var verdictOf = new Dictionary<int, (ReadingVerdict Verdict, string Id)>();
        for (int i = 0; i < stored.Count; i++)
        {
            verdictOf[stored[i].Index] = (commit.Verdicts[i], stored[i].Id);
        }

        int accepted = 0, duplicates = 0, rejected = 0;
        var readings = new JsonArray();
        for (int i = 0; i < read.Count; i++)
        {
            var reasons = read[i].Reasons.ToList();
            string status = "rejected";
            string? id = null;
            if (verdictOf.TryGetValue(i, out var v))
            {
                id = v.Id;
                (status, var reason) = v.Verdict switch
                {
                    ReadingVerdict.Accepted => ("accepted", null),
                    ReadingVerdict.Duplicate => ("duplicate", null),
                    ReadingVerdict.Replayed => ("rejected", new Error(ErrorCodes.SequenceReplay, "The device sent another reading with this sequence number before.")),
                    _ => ("rejected", new Error(ErrorCodes.SequenceOutOfOrder, "The sequence number is not above the highest one accepted from the device.")),
                };
                if (reason is not null)
                {
                    reasons.Add(reason);
                }
            }

            accepted += status == "accepted" ? 1 : 0;
            duplicates += status == "duplicate" ? 1 : 0;
            rejected += status == "rejected" ? 1 : 0;
            var entry = new JsonObject { ["sequence"] = read[i].Sequence, ["status"] = status };
            if (id is not null)
            {
                entry["id"] = id;
            }

            if (reasons.Count > 0)
            {
                entry["reasons"] = new JsonArray([.. reasons.Select(r => (JsonNode)new JsonObject { ["code"] = r.Code, ["detail"] = r.Detail })]);
            }

            readings.Add(entry);
        }

        var answer = new JsonObject
        {
            ["device"] = binding.DeviceDid,
            ["patient"] = binding.PatientDid,
            ["accepted"] = accepted,
            ["duplicates"] = duplicates,
            ["rejected"] = rejected,
            ["highestSequence"] = commit.HighWater,
            ["gaps"] = Gaps(stored, commit, maxGaps),
        };
        if (commit.LogSequence is { } log)
        {
            answer["logIndex"] = log - 1;
        }

        answer["readings"] = readings;
        return answer;
    }

    // The sequence numbers this batch skipped: between the high-water mark before it and each accepted reading.
    private static JsonArray Gaps(IReadOnlyList<(int Index, string Id, long Sequence)> stored, ReadingCommit commit, int maxGaps)
    {
        var gaps = new JsonArray();
        long previous = commit.PreviousHighWater;
        for (int i = 0; i < stored.Count && gaps.Count < maxGaps; i++)
        {
            if (commit.Verdicts[i] != ReadingVerdict.Accepted)
            {
                continue;
            }

            long sequence = stored[i].Sequence;
            if (sequence > previous + 1)
            {
                gaps.Add(new JsonObject { ["from"] = previous + 1, ["to"] = sequence - 1 });
            }

            previous = sequence;
        }

        return gaps;
    }
}
