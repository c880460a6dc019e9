using System;
using System.Globalization;
using Xunit;

namespace SocketAnalyzers.Tests.Robustness;

/// <summary>
/// Every analyzer on seeded mutants of the project's own sources (the valid-code corpus, the demo, every program
/// written in the analyzer tests, the benchmark's generated files): truncated at a token, a token or 1–5 lines
/// deleted, a line duplicated, an identifier replaced by another of the file — the broken code an IDE analyzes on
/// every keystroke. No crash, no AD0001, no analyzer exception, no time-out. The default run stays small;
/// SOCKETANALYZERS_FUZZ_MUTANTS=5000 (per seed) makes it a deep run.
/// </summary>
public sealed class FuzzTests
{
    private static readonly int MutantsPerSeed =
        int.TryParse(Environment.GetEnvironmentVariable("SOCKETANALYZERS_FUZZ_MUTANTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 100;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Mutants_of_the_projects_own_sources_never_crash_an_analyzer(int seed)
    {
        var result = RobustnessRunner.Run(
            "fuzz", "--root", Meta.RepositoryRoot.Path, "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--count", MutantsPerSeed.ToString(CultureInfo.InvariantCulture), "--timeout", "60");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains($"inputs: {MutantsPerSeed}, failures: 0", result.Output);
        // The sources are the project's own programs; a change that loses them would make this test vacuous.
        var sources = int.Parse(result.Output.Split('\n')[0].Replace("sources: ", ""), CultureInfo.InvariantCulture);
        Assert.True(sources > 300, $"only {sources} sources found under {Meta.RepositoryRoot.Path}");
    }

    [Fact]
    public void Long_chains_and_deep_nesting_never_crash_an_analyzer()
    {
        var result = RobustnessRunner.Run("deep", "--chain", "2000", "--depth", "300", "--timeout", "300");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("inputs: 17, failures: 0", result.Output);
    }
}
