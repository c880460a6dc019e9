using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.Testing;
using Xunit;
using Verify = SocketAnalyzers.Testing.CSharpAnalyzerVerifier<SocketAnalyzers.Tests.Verification.ConsoleWriteLineAnalyzer>;

namespace SocketAnalyzers.Tests.Verification;

/// <summary>The analyzer verifier passes on correct expectations and fails, saying why, on every kind of mismatch.</summary>
public sealed class AnalyzerVerifierTests
{
    private const string TwoCalls = """
        using System;

        class C
        {
            void M()
            {
                Console.WriteLine("a");
                Console.Write("b");
            }
        }
        """;

    [Fact]
    public Task Markup_matching_the_reported_diagnostic_passes() =>
        Verify.VerifyAnalyzerAsync(TwoCalls.Replace("Console.WriteLine(\"a\")", "[|Console.WriteLine(\"a\")|]"));

    [Fact]
    public Task Numbered_location_with_message_arguments_and_severity_passes() =>
        Verify.VerifyAnalyzerAsync(
            TwoCalls.Replace("Console.WriteLine(\"a\")", "{|#0:Console.WriteLine(\"a\")|}"),
            Verify.Diagnostic().WithLocation(0).WithArguments("Console.WriteLine").WithSeverity(DiagnosticSeverity.Warning));

    [Fact]
    public Task Id_markup_and_exact_message_pass() =>
        new Verify.Test
        {
            TestCode = TwoCalls.Replace("Console.WriteLine(\"a\")", "{|TEST001:Console.WriteLine(\"a\")|}"),
        }.RunAsync();

    [Fact]
    public Task WithMessage_matching_the_formatted_message_passes() =>
        Verify.VerifyAnalyzerAsync(
            TwoCalls.Replace("Console.WriteLine(\"a\")", "{|#0:Console.WriteLine(\"a\")|}"),
            Verify.Diagnostic(ConsoleWriteLineAnalyzer.Id).WithLocation(0).WithMessage("'Console.WriteLine' writes a line to the console"));

    [Fact]
    public async Task Missing_diagnostic_fails()
    {
        string source = TwoCalls.Replace("Console.Write(\"b\")", "[|Console.Write(\"b\")|]").Replace("Console.WriteLine(\"a\")", "[|Console.WriteLine(\"a\")|]");
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(source));
        Assert.Contains("Missing (expected, not reported) (1)", failure.Message);
        Assert.Contains("TEST001 at Test0.cs(8,9) `Console.Write(\"b\")`", failure.Message);
        Assert.Contains("Unexpected (reported, not expected) (0)", failure.Message);
    }

    [Fact]
    public async Task Extra_diagnostic_fails_and_shows_it_as_markup()
    {
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(TwoCalls));
        Assert.Contains("Unexpected (reported, not expected) (1)", failure.Message);
        Assert.Contains("TEST001 Warning at Test0.cs(7,9) `Console.WriteLine(\"a\")`: \"'Console.WriteLine' writes a line to the console\"", failure.Message);
        Assert.Contains("{|TEST001:Console.WriteLine(\"a\")|};", failure.Message);
    }

    [Fact]
    public async Task Wrong_location_fails()
    {
        string source = TwoCalls.Replace("Console.WriteLine(\"a\")", "[|Console.WriteLine|](\"a\")");
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(source));
        Assert.Contains("Missing (expected, not reported) (1)", failure.Message);
        Assert.Contains("Unexpected (reported, not expected) (1)", failure.Message);
    }

    [Fact]
    public async Task Wrong_message_arguments_fail()
    {
        string source = TwoCalls.Replace("Console.WriteLine(\"a\")", "{|#0:Console.WriteLine(\"a\")|}");
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(
            () => Verify.VerifyAnalyzerAsync(source, Verify.Diagnostic().WithLocation(0).WithArguments("Console.Write")));
        Assert.Contains("with arguments (Console.Write)", failure.Message);
    }

    [Fact]
    public Task Wrong_message_fails() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(
            TwoCalls.Replace("Console.WriteLine(\"a\")", "{|#0:Console.WriteLine(\"a\")|}"),
            Verify.Diagnostic().WithLocation(0).WithMessage("something else")));

    [Fact]
    public Task Wrong_severity_fails() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(
            TwoCalls.Replace("Console.WriteLine(\"a\")", "{|#0:Console.WriteLine(\"a\")|}"),
            Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error)));

    [Fact]
    public Task Expected_diagnostic_without_location_does_not_match_one_in_source() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(TwoCalls, Verify.Diagnostic()));

    [Fact]
    public async Task Test_code_with_a_compiler_error_fails()
    {
        const string source = "class C { void M() { undefined(); } }";
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(source));
        Assert.Contains("does not compile", failure.Message);
        Assert.Contains("CS0103", failure.Message);
    }

    [Fact]
    public Task Compiler_error_expected_by_markup_passes() =>
        Verify.VerifyAnalyzerAsync("class C { void M() { {|CS0103:undefined|}(); } }");

    [Fact]
    public Task Compiler_error_expected_by_list_passes() =>
        Verify.VerifyAnalyzerAsync("class C { void M() { {|#0:undefined|}(); } }", DiagnosticResult.CompilerError("CS0103").WithLocation(0));

    [Fact]
    public Task AllowCompilerErrors_ignores_unexpected_compiler_errors() =>
        new Verify.Test
        {
            TestCode = "using System; class C { void M() { [|Console.WriteLine(1)|]; undefined(); } }",
            AllowCompilerErrors = true,
        }.RunAsync();

    [Fact]
    public Task AllowCompilerErrors_still_checks_the_analyzer_diagnostics() =>
        Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = "using System; class C { void M() { Console.WriteLine(1); undefined(); } }",
            AllowCompilerErrors = true,
        }.RunAsync());

    [Fact]
    public Task Compiler_warnings_are_compared_only_when_asked() =>
        Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = "class C { void M() { int unused = 1; } }",
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        }.RunAsync());

    [Fact]
    public Task Compiler_warning_expected_by_markup_passes_when_warnings_are_compared() =>
        new Verify.Test
        {
            TestCode = "class C { void M() { int {|CS0219:unused|} = 1; } }",
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        }.RunAsync();

    [Fact]
    public async Task An_analyzer_exception_fails_with_its_text()
    {
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(
            () => CSharpAnalyzerVerifier<ThrowingAnalyzer>.VerifyAnalyzerAsync(TwoCalls));
        Assert.Contains(ThrowingAnalyzer.ExceptionText, failure.Message);
        Assert.Contains(nameof(ThrowingAnalyzer), failure.Message);
    }

    [Fact]
    public Task DisabledDiagnostics_are_suppressed_and_ignored() =>
        new Verify.Test { TestCode = TwoCalls, DisabledDiagnostics = { ConsoleWriteLineAnalyzer.Id } }.RunAsync();

    [Fact]
    public Task Markup_and_expectations_in_additional_sources_are_verified() =>
        new Verify.Test
        {
            TestCode = "class C { }",
            AdditionalSources =
            {
                "using System; class D { void M() { [|Console.WriteLine()|]; } }",
                { "Named.cs", "using System; class E { void M() { {|#0:Console.WriteLine()|}; } }" },
            },
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0) },
        }.RunAsync();

    [Fact]
    public async Task Diagnostic_in_additional_source_without_markup_fails()
    {
        VerificationException failure = await Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = "class C { }",
            AdditionalSources = { "using System; class D { void M() { Console.WriteLine(); } }" },
        }.RunAsync());
        Assert.Contains("Test1.cs(1,36)", failure.Message);
    }

    [Fact]
    public Task Nested_markup_is_parsed() =>
        CSharpAnalyzerVerifier<TwoRuleAnalyzer>.VerifyAnalyzerAsync(
            "class [|Outer|] { {|#0:class {|TEST004:Inner|} { }|} {|TEST005:struct [|S|] { }|} }",
            CSharpAnalyzerVerifier<TwoRuleAnalyzer>.Diagnostic(TwoRuleAnalyzer.NestedRule).WithLocation(0).WithArguments("Inner"));

    [Fact]
    public Task Unclosed_markup_is_reported() =>
        Assert.ThrowsAsync<FormatException>(() => Verify.VerifyAnalyzerAsync("class C { [|void M() { } }"));

    [Fact]
    public Task Unknown_markup_key_is_reported() =>
        Assert.ThrowsAsync<InvalidOperationException>(() => Verify.VerifyAnalyzerAsync("class C { }", Verify.Diagnostic().WithLocation(3)));

    [Fact]
    public void Diagnostic_without_id_refuses_an_analyzer_with_several_descriptors()
    {
        Assert.Throws<InvalidOperationException>(() => CSharpAnalyzerVerifier<TwoRuleAnalyzer>.Diagnostic());
        Assert.Equal("TEST005", CSharpAnalyzerVerifier<TwoRuleAnalyzer>.Diagnostic("TEST005").Id);
        Assert.Throws<InvalidOperationException>(() => CSharpAnalyzerVerifier<TwoRuleAnalyzer>.Diagnostic("TEST999"));
    }

    [Fact]
    public Task Descriptors_disabled_by_default_are_enabled_for_the_test() =>
        CSharpAnalyzerVerifier<DisabledByDefaultAnalyzer>.VerifyAnalyzerAsync("class [|C|] { }");

    [Fact]
    public Task An_editorconfig_severity_for_a_disabled_by_default_descriptor_is_honored() =>
        new CSharpAnalyzerVerifier<DisabledByDefaultAnalyzer>.Test
        {
            TestCode = "class {|#0:C|} { }",
            EditorConfig = "[*.cs]\ndotnet_diagnostic.TEST006.severity = error\n",
            ExpectedDiagnostics = { CSharpAnalyzerVerifier<DisabledByDefaultAnalyzer>.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error) },
        }.RunAsync();

    [Fact]
    public async Task An_editorconfig_severity_none_keeps_a_disabled_by_default_descriptor_off()
    {
        await new CSharpAnalyzerVerifier<DisabledByDefaultAnalyzer>.Test
        {
            TestCode = "class C { }",
            EditorConfig = "[*.cs]\ndotnet_diagnostic.TEST006.severity = none\n",
        }.RunAsync();
    }
}
