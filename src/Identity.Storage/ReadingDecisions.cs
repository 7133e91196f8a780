namespace Identity.Storage;

/// <summary>
/// The sequence rule both adapters apply inside their write transaction, so it is written once: per device, sequence
/// numbers only go up. A number stored before is a duplicate when the digest matches, else a replay; a number not above
/// the high-water mark (or the batch's last accepted one) is out of order; anything else is accepted.
/// </summary>
/// <remarks><threadsafety>Stateless.</threadsafety></remarks>
public static class ReadingDecisions
{
    /// <summary>One verdict per reading, in order.</summary>
    /// <param name="readings">The batch, in the order the device sent it.</param>
    /// <param name="highWater">The highest sequence number accepted from the device before the batch.</param>
    /// <param name="storedDigest">The digest stored for a sequence number of this device, or null when none is.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<ReadingVerdict> Decide(IReadOnlyList<ReadingRow> readings, long highWater, Func<long, string?> storedDigest)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(storedDigest);
        var verdicts = new ReadingVerdict[readings.Count];
        var inBatch = new Dictionary<long, string>();
        long high = highWater;
        for (int i = 0; i < readings.Count; i++)
        {
            var reading = readings[i];
            var earlier = inBatch.TryGetValue(reading.Sequence, out var digest) ? digest : reading.Sequence <= highWater ? storedDigest(reading.Sequence) : null;
            if (earlier is not null)
            {
                verdicts[i] = string.Equals(earlier, reading.Digest, StringComparison.Ordinal) ? ReadingVerdict.Duplicate : ReadingVerdict.Replayed;
            }
            else if (reading.Sequence <= high)
            {
                verdicts[i] = ReadingVerdict.OutOfOrder;
            }
            else
            {
                verdicts[i] = ReadingVerdict.Accepted;
                inBatch[reading.Sequence] = reading.Digest;
                high = reading.Sequence;
            }
        }

        return verdicts;
    }

    /// <summary>The readings whose verdict is <see cref="ReadingVerdict.Accepted"/>, in order (so the last is the highest).</summary>
    public static IReadOnlyList<ReadingRow> Accepted(IReadOnlyList<ReadingRow> readings, IReadOnlyList<ReadingVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(verdicts);
        return [.. readings.Where((_, i) => verdicts[i] == ReadingVerdict.Accepted)];
    }
}
