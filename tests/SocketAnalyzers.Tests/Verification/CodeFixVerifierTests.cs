using System.Threading.Tasks;
using SocketAnalyzers.Testing;
using Xunit;
using Verify = SocketAnalyzers.Testing.CSharpCodeFixVerifier<
    SocketAnalyzers.Tests.Verification.ConsoleWriteLineAnalyzer,
    SocketAnalyzers.Tests.Verification.WriteLineFix>;

namespace SocketAnalyzers.Tests.Verification;

/// <summary>The code fix verifier applies fixes one at a time and with FixAll, and fails on every kind of bad fix.</summary>
public sealed class CodeFixVerifierTests
{
    private const string Source = """
        using System;

        class C
        {
            void M()
            {
                [|Console.WriteLine("a")|];
                [|Console.WriteLine("b")|];
            }
        }
        """;

    private const string Fixed = """
        using System;

        class C
        {
            void M()
            {
                Console.Write("a");
                Console.Write("b");
            }
        }
        """;

    [Fact]
    public Task Fix_applied_one_at_a_time_and_by_FixAll_passes() =>
        Verify.VerifyCodeFixAsync(Source, Fixed);

    [Fact]
    public Task Fix_with_explicit_expected_diagnostics_passes() =>
        Verify.VerifyCodeFixAsync(
            Source.Replace("[|Console.WriteLine(\"a\")|]", "{|#0:Console.WriteLine(\"a\")|}"),
            new[] { Verify.Diagnostic().WithLocation(0).WithArguments("Console.WriteLine") },
            Fixed);

    [Fact]
    public async Task Fixed_code_mismatch_fails()
    {
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(
            () => Verify.VerifyCodeFixAsync(Source, Fixed.Replace("Console.Write(\"b\")", "Console.Write(\"B\")")));
        Assert.Contains("first at line 8", failure.Message);
        Assert.Contains("expected: `        Console.Write(\"B\");`", failure.Message);
    }

    [Fact]
    public Task Line_endings_are_normalized() =>
        Verify.VerifyCodeFixAsync(Source.Replace("\n", "\r\n"), Fixed);

    [Fact]
    public async Task Fix_leaving_a_compiler_error_fails()
    {
        string brokenFixed = Fixed.Replace("Console.Write(", "Console.WriteLin(");
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(
            () => CSharpCodeFixVerifier<ConsoleWriteLineAnalyzer, NonCompilingFix>.VerifyCodeFixAsync(Source, brokenFixed));
        Assert.Contains("The fixed code", failure.Message);
        Assert.Contains("does not compile", failure.Message);
        Assert.Contains("CS0117", failure.Message);
    }

    [Fact]
    public async Task FixAll_that_differs_from_one_at_a_time_fails()
    {
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(
            () => CSharpCodeFixVerifier<ConsoleWriteLineAnalyzer, DivergentFixAllFix>.VerifyCodeFixAsync(Source, Fixed));
        Assert.Contains("FixAll in Document scope", failure.Message);
        Assert.Contains("/* all */", failure.Message);
    }

    [Fact]
    public async Task Fix_that_never_removes_its_diagnostic_hits_the_iteration_bound()
    {
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(
            () => CSharpCodeFixVerifier<ConsoleWriteLineAnalyzer, NoProgressFix>.VerifyCodeFixAsync(Source, Fixed));
        Assert.Contains("still offers a fix after 2 iteration(s)", failure.Message);
    }

    [Fact]
    public Task Equivalence_key_selects_the_action() =>
        new Verify.Test
        {
            TestCode = Source,
            FixedCode = Fixed.Replace("Console.Write(", "Console.Error.WriteLine("),
            CodeActionEquivalenceKey = WriteLineFix.ToError,
        }.RunAsync();

    [Fact]
    public Task Action_index_selects_the_action() =>
        new Verify.Test
        {
            TestCode = Source,
            FixedCode = Fixed.Replace("Console.Write(", "Console.Error.WriteLine("),
            CodeActionIndex = 1,
        }.RunAsync();

    [Fact]
    public Task Action_index_and_a_different_equivalence_key_fail() =>
        Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = Source,
            FixedCode = Fixed,
            CodeActionIndex = 1,
            CodeActionEquivalenceKey = WriteLineFix.ToWrite,
        }.RunAsync());

    [Fact]
    public async Task Fix_not_offered_where_the_test_expects_one_fails()
    {
        // No action has this key, so nothing is fixed: the fixed code differs and the diagnostics remain.
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = Source,
            FixedCode = Fixed,
            CodeActionEquivalenceKey = "NoSuchAction",
        }.RunAsync());
        Assert.Contains("differs from the expected fixed code", failure.Message);
    }

    private const string SourceWithKeep = """
        using System;

        class C
        {
            void M()
            {
                [|Console.WriteLine("a")|];
                [|Console.WriteLine("keep")|];
            }
        }
        """;

    [Fact]
    public Task Remaining_diagnostic_marked_up_in_the_fixed_code_passes() =>
        Verify.VerifyCodeFixAsync(SourceWithKeep, SourceWithKeep.Replace("[|Console.WriteLine(\"a\")|]", "Console.Write(\"a\")"));

    [Fact]
    public Task Remaining_diagnostic_expected_by_FixedExpectedDiagnostics_passes() =>
        new Verify.Test
        {
            TestCode = SourceWithKeep,
            FixedCode = SourceWithKeep.Replace("[|Console.WriteLine(\"a\")|]", "Console.Write(\"a\")").Replace("[|Console.WriteLine(\"keep\")|]", "{|#0:Console.WriteLine(\"keep\")|}"),
            FixedExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0) },
        }.RunAsync();

    [Fact]
    public async Task Remaining_diagnostic_not_expected_in_the_fixed_code_fails()
    {
        string fixedWithoutMarkup = SourceWithKeep.Replace("[|Console.WriteLine(\"a\")|]", "Console.Write(\"a\")").Replace("[|Console.WriteLine(\"keep\")|]", "Console.WriteLine(\"keep\")");
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyCodeFixAsync(SourceWithKeep, fixedWithoutMarkup));
        Assert.Contains("The fixed code: the diagnostics differ", failure.Message);
    }

    [Fact]
    public Task Source_equal_to_fixed_code_means_no_fix_is_offered() =>
        Verify.VerifyCodeFixAsync("using System; class C { void M() { [|Console.WriteLine(\"keep\")|]; } }", "using System; class C { void M() { [|Console.WriteLine(\"keep\")|]; } }");

    [Fact]
    public Task Source_diagnostics_are_verified_before_fixing() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyCodeFixAsync(Source.Replace("[|", string.Empty).Replace("|]", string.Empty), Fixed));

    [Fact]
    public Task NumberOfIncrementalIterations_matching_passes() =>
        new Verify.Test { TestCode = Source, FixedCode = Fixed, NumberOfIncrementalIterations = 2 }.RunAsync();

    [Fact]
    public async Task NumberOfIncrementalIterations_mismatch_fails()
    {
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(
            () => new Verify.Test { TestCode = Source, FixedCode = Fixed, NumberOfIncrementalIterations = 3 }.RunAsync());
        Assert.Contains("took 2 iterations; the test expects 3", failure.Message);
    }

    [Fact]
    public async Task MaxIterations_below_the_needed_count_fails()
    {
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(
            () => new Verify.Test { TestCode = Source, FixedCode = Fixed, MaxIterations = 1 }.RunAsync());
        Assert.Contains("still offers a fix after 1 iteration(s)", failure.Message);
    }

    [Fact]
    public Task FixAll_covers_additional_documents() =>
        new Verify.Test
        {
            TestCode = Source,
            FixedCode = Fixed,
            AdditionalSources = { "using System; class D { void M() { [|Console.WriteLine(\"d\")|]; } }" },
            FixedAdditionalSources = { "using System; class D { void M() { Console.Write(\"d\"); } }" },
        }.RunAsync();

    [Fact]
    public Task Fix_of_an_additional_document_must_be_expected() =>
        Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = Source,
            FixedCode = Fixed,
            AdditionalSources = { "using System; class D { void M() { [|Console.WriteLine()|]; } }" },
        }.RunAsync());

    [Fact]
    public Task EditorConfig_severity_none_leaves_nothing_to_fix() =>
        new Verify.Test
        {
            TestCode = Fixed.Replace("Console.Write(", "Console.WriteLine("),
            FixedCode = Fixed.Replace("Console.Write(", "Console.WriteLine("),
            EditorConfig = "[*.cs]\ndotnet_diagnostic.TEST001.severity = none\n",
        }.RunAsync();
}
