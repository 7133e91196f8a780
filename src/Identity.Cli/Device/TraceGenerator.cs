namespace Identity.Cli.Device;

/// <summary>
/// Synthetic but physiological readings for a simulated device, deterministic for a seed, the run's start and
/// interval. A day's events (meals, insulin doses, desaturations) come from the seed and the UTC date alone, so two
/// runs that cover the same hours see the same day; sensor noise is a seeded AR(1) process along the run.
/// </summary>
/// <remarks>
/// Glucose (mg/dL): a baseline with a dawn rise; per meal a carbohydrate absorption curve <c>A·g(t, 45 min)</c> and an
/// insulin-like decay <c>k·A·g(t − 15 min, 100 min)</c>, where <c>g(t, τ) = (t/τ)·e^(1 − t/τ)</c> peaks at τ; a dose
/// ratio k above about 0.5 overshoots into a late post-meal low, as over-bolusing does. Blood pressure (mm[Hg]): a
/// nocturnal dip and a morning surge. SpO2 (%): 95–99 with occasional desaturation episodes, likelier at night.
/// </remarks>
internal static class TraceGenerator
{
    public const string Cgm = "cgm";
    public const string BloodPressure = "bp";
    public const string PulseOximeter = "pulse-ox";

    public static readonly string[] Kinds = [Cgm, BloodPressure, PulseOximeter];

    /// <summary>The readings at <paramref name="start"/> + i × <paramref name="interval"/>, i = 0 … <paramref name="count"/> − 1.</summary>
    public static IReadOnlyList<TraceReading> Generate(string kind, long seed, DateTimeOffset start, TimeSpan interval, int count)
    {
        var noise = new Noise(Seeded(seed, 0x6e6f697365));
        var readings = new List<TraceReading>(count);
        for (var i = 0; i < count; i++)
        {
            var at = start + (interval * i);
            readings.Add(kind switch
            {
                Cgm => new TraceReading(at, Math.Round(Math.Clamp(Glucose(seed, at) + noise.Next(3.0, 2.0), 40, 400), 0), null),
                BloodPressure => BloodPressureAt(seed, at, noise),
                PulseOximeter => new TraceReading(at, Math.Round(Math.Clamp(Saturation(seed, at) + noise.Next(0.5, 0.4), 80, 100), 0), null),
                _ => throw new ArgumentException($"Unknown device kind {kind}.", nameof(kind)),
            });
        }

        return readings;
    }

    /// <summary>The meals of the UTC day containing <paramref name="day"/>: when, carbohydrate effect (mg/dL) and dose ratio.</summary>
    public static IReadOnlyList<Meal> Meals(long seed, DateOnly day)
    {
        var random = Seeded(seed, day.DayNumber);
        var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        Meal Make(double hour, double jitterMinutes, double carbsLow, double carbsHigh) => new(
            midnight.AddHours(hour).AddMinutes((random.NextDouble() * 2 - 1) * jitterMinutes),
            2.0 * Uniform(random, carbsLow, carbsHigh),
            Uniform(random, 0.25, 0.65));
        List<Meal> meals = [Make(7.5, 40, 30, 60), Make(12.5, 45, 40, 80), Make(19, 60, 50, 90)];
        if (random.NextDouble() < 0.4)
        {
            meals.Add(Make(15.5, 30, 15, 30));
        }

        return meals;
    }

    // The noiseless glucose at a moment: baseline, dawn rise, and the meals of this day and the day before still acting.
    private static double Glucose(long seed, DateTimeOffset at)
    {
        var baseline = 110 + (Uniform(Seeded(seed, 0x62617365), 0, 1) * 20);
        var hour = at.UtcDateTime.TimeOfDay.TotalHours;
        var value = baseline + (12 * Math.Exp(-Math.Pow((hour - 6) / 1.5, 2)));
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        foreach (var meal in Meals(seed, day.AddDays(-1)).Concat(Meals(seed, day)))
        {
            var minutes = (at - meal.At).TotalMinutes;
            if (minutes > 0)
            {
                value += meal.Effect * (Gamma(minutes, 45) - (meal.DoseRatio * Gamma(minutes - 15, 100)));
            }
        }

        return value;
    }

    private static TraceReading BloodPressureAt(long seed, DateTimeOffset at, Noise noise)
    {
        var person = Seeded(seed, 0x6270);
        double systolic0 = Uniform(person, 112, 135), diastolic0 = Uniform(person, 68, 84);
        var hour = at.UtcDateTime.TimeOfDay.TotalHours;
        // Lowest around 03:00, a surge after waking that peaks mid-morning, a smaller rise in the late afternoon.
        var circadian = (-10 * Math.Exp(-Math.Pow((hour - 3) / 3, 2))) + (8 * Math.Exp(-Math.Pow((hour - 9.5) / 2, 2))) + (4 * Math.Exp(-Math.Pow((hour - 17) / 2.5, 2)));
        var systolic = Math.Round(Math.Clamp(systolic0 + circadian + noise.Next(4, 3), 80, 220), 0);
        var diastolic = Math.Round(Math.Clamp(diastolic0 + (0.6 * circadian) + noise.Next(3, 2), 45, 130), 0);
        return new TraceReading(at, systolic, Math.Min(diastolic, systolic - 20));
    }

    // 97–98 % awake, a little lower asleep, and now and then a desaturation of 15–30 minutes down to 88–93 %.
    private static double Saturation(long seed, DateTimeOffset at)
    {
        var hour = at.UtcDateTime.TimeOfDay.TotalHours;
        var value = 97.6 - (hour < 6 ? 0.8 : 0) + (Uniform(Seeded(seed, 0x7370), -0.6, 0.6));
        var slot = at.ToUnixTimeSeconds() / 1800;
        foreach (var s in new[] { slot - 1, slot })
        {
            var random = Seeded(seed, 0x64697000 + s);
            var night = ((s % 48) + 48) % 48 < 12;
            if (random.NextDouble() < (night ? 0.12 : 0.03))
            {
                var begin = DateTimeOffset.FromUnixTimeSeconds(s * 1800).AddMinutes(random.NextDouble() * 20);
                var length = Uniform(random, 15, 30);
                var nadir = Uniform(random, 88, 93);
                var into = (at - begin).TotalMinutes;
                if (into >= 0 && into <= length)
                {
                    value = Math.Min(value, nadir + ((value - nadir) * Math.Abs((2 * into / length) - 1)));
                }
            }
        }

        return value;
    }

    private static double Gamma(double minutes, double tau) => minutes <= 0 ? 0 : minutes / tau * Math.Exp(1 - (minutes / tau));

    private static double Uniform(Random random, double low, double high) => low + (random.NextDouble() * (high - low));

    // Seeded System.Random is stable across .NET versions; SplitMix64 spreads (seed, stream) over its 31-bit seed.
    private static Random Seeded(long seed, long stream)
    {
        unchecked
        {
            var z = (ulong)seed + ((ulong)stream * 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return new Random((int)((z ^ (z >> 31)) & 0x7FFFFFFF));
        }
    }

    /// <summary>Sensor noise: an AR(1) drift (φ = 0.8) plus white measurement noise, both Gaussian.</summary>
    private sealed class Noise(Random random)
    {
        private double _drift;

        public double Next(double driftSd, double whiteSd)
        {
            _drift = (0.8 * _drift) + (driftSd * 0.6 * Normal());
            return _drift + (whiteSd * Normal());
        }

        private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}

/// <summary>One generated reading: glucose mg/dL, SpO2 %, or systolic with <see cref="Secondary"/> diastolic mm[Hg].</summary>
internal sealed record TraceReading(DateTimeOffset Effective, double Primary, double? Secondary);

/// <summary>A meal: when, its peak glucose effect in mg/dL, and the insulin dose's ratio to it.</summary>
internal sealed record Meal(DateTimeOffset At, double Effect, double DoseRatio);
