using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketAnalyzers.Testing;
using Xunit;
using Verify = SocketAnalyzers.Testing.CSharpAnalyzerVerifier<SocketAnalyzers.Tests.Verification.ConsoleWriteLineAnalyzer>;
using VerifyOption = SocketAnalyzers.Testing.CSharpAnalyzerVerifier<SocketAnalyzers.Tests.Verification.EditorConfigOptionAnalyzer>;

namespace SocketAnalyzers.Tests.Verification;

/// <summary>.editorconfig, reference assemblies and language version reach the test compilation.</summary>
public sealed class ConfigurationTests
{
    private const string WriteLineCall = "using System; class C { void M() { Console.WriteLine(); } }";

    [Fact]
    public Task EditorConfig_severity_none_suppresses_the_diagnostic() =>
        new Verify.Test
        {
            TestCode = WriteLineCall,
            EditorConfig = "root = true\n\n[*.cs]\ndotnet_diagnostic.TEST001.severity = none\n",
        }.RunAsync();

    [Fact]
    public Task EditorConfig_severity_error_changes_the_reported_severity() =>
        new Verify.Test
        {
            TestCode = "using System; class C { void M() { {|#0:Console.WriteLine()|}; } }",
            EditorConfig = "[*.cs]\ndotnet_diagnostic.TEST001.severity = error\n",
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error) },
        }.RunAsync();

    [Fact]
    public Task EditorConfig_for_other_files_does_not_apply() =>
        Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = WriteLineCall,
            EditorConfig = "[*.vb]\ndotnet_diagnostic.TEST001.severity = none\n",
        }.RunAsync());

    [Fact]
    public Task EditorConfig_custom_key_reaches_the_analyzer() =>
        new VerifyOption.Test
        {
            TestCode = "class {|#0:C|} { }",
            EditorConfig = "[*.cs]\nsocket_analyzers.x = y\n",
            ExpectedDiagnostics = { VerifyOption.Diagnostic().WithLocation(0).WithArguments("y") },
        }.RunAsync();

    [Fact]
    public Task Without_EditorConfig_the_custom_key_is_unset() =>
        VerifyOption.VerifyAnalyzerAsync("class {|#0:C|} { }", VerifyOption.Diagnostic().WithLocation(0).WithArguments("(unset)"));

    private const string ArraySend = """
        using System.Net.Sockets;

        class C
        {
            int M(Socket socket, byte[] buffer) => socket.Send(buffer);
        }
        """;

    private const string SpanSend = """
        using System;
        using System.Net.Sockets;

        class C
        {
            int M(Socket socket, byte[] buffer) => socket.Send(new ReadOnlySpan<byte>(buffer));
        }
        """;

    [Fact]
    public Task NetStandard20_compiles_array_based_Socket_Send() =>
        new Verify.Test { TestCode = ArraySend, ReferenceAssemblies = ReferenceAssemblies.NetStandard20 }.RunAsync();

    [Fact]
    public Task NetStandard20_has_no_span_based_Socket_Send() =>
        Assert.ThrowsAsync<VerificationException>(() =>
            new Verify.Test { TestCode = SpanSend, ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20 }.RunAsync());

    [Fact]
    public Task NetStandard20_span_error_can_be_expected_by_markup() =>
        new Verify.Test
        {
            TestCode = SpanSend.Replace("new ReadOnlySpan<byte>", "new {|CS0246:ReadOnlySpan<byte>|}"),
            ReferenceAssemblies = ReferenceAssemblies.NetStandard20,
        }.RunAsync();

    [Fact]
    public Task Net100_is_the_default_and_has_span_based_Socket_Send() =>
        Verify.VerifyAnalyzerAsync(SpanSend);

    private const string NullCoalescingAssignment = "class C { object M(object o) => o ??= new object(); }";

    [Fact]
    public Task CSharp73_rejects_a_CSharp8_feature() =>
        Assert.ThrowsAsync<VerificationException>(() =>
            new Verify.Test { TestCode = NullCoalescingAssignment, LanguageVersion = LanguageVersion.CSharp7_3 }.RunAsync());

    [Fact]
    public Task CSharp73_feature_error_can_be_expected_by_markup() =>
        new Verify.Test
        {
            TestCode = "class C { object M(object o) => o {|CS8370:??=|} new object(); }",
            LanguageVersion = LanguageVersion.CSharp7_3,
        }.RunAsync();

    [Fact]
    public Task Latest_language_version_accepts_the_CSharp8_feature() =>
        Verify.VerifyAnalyzerAsync(NullCoalescingAssignment);

    [Fact]
    public Task CSharp73_with_netstandard20_compiles_socket_code() =>
        new Verify.Test
        {
            TestCode = ArraySend.Replace("int M(Socket socket, byte[] buffer) => socket.Send(buffer);", "int M(Socket socket, byte[] buffer) { return socket.Send(buffer); }"),
            LanguageVersion = LanguageVersion.CSharp7_3,
            ReferenceAssemblies = ReferenceAssemblies.NetStandard20,
        }.RunAsync();

    [Fact]
    public Task Top_level_statements_need_OutputKind_ConsoleApplication() =>
        new Verify.Test
        {
            TestCode = "[|System.Console.WriteLine()|];",
            OutputKind = OutputKind.ConsoleApplication,
        }.RunAsync();
}
