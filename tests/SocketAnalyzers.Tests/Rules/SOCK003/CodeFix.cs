using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.SocketErrorByTextOrNumberAnalyzer,
    SocketAnalyzers.CodeFixes.SocketErrorByTextOrNumberCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK003;

/// <summary>The SOCK003 code fix, one diagnostic at a time and FixAll.</summary>
public sealed class CodeFix : SocketErrorByTextOrNumber
{
    [Fact]
    public Task Fix_OnASocketExceptionComparesSocketErrorCode() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|e.ErrorCode == 104|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown) { }
                """));

    [Fact]
    public Task Fix_KeepsTheNegationOfNotEquals() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e) when ([|e.NativeErrorCode != 32|] && [|e.Message != "Broken pipe"|]) { }
                """),
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e) when (e.SocketErrorCode != SocketError.Shutdown && e.SocketErrorCode != SocketError.Shutdown) { }
                """));

    [Fact]
    public Task Fix_OnAnIOExceptionChecksTheInnerSocketException() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ([|e.Message.Contains("Broken pipe")|]) { }
                """),
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.Shutdown or SocketError.ConnectionReset }) { }
                """));

    [Fact]
    public Task Fix_OnAnExceptionChecksTheExceptionAndItsInnerOne() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (Exception e) when ([|e.Message.Contains("Connection reset")|]) { }
                """),
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (Exception e) when ((e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionReset) { }
                """));

    [Fact]
    public Task Fix_InCSharp73UsesAsInsteadOfPatterns() =>
        new Verify.Test
        {
            LanguageVersion = LanguageVersion.CSharp7_3,
            ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
            TestCode = Usings + """
                class C
                {
                    void M(NetworkStream ns, byte[] b)
                    {
                        try { ns.Read(b, 0, b.Length); }
                        catch (IOException e) when ([|e.Message.IndexOf("Broken pipe")|] < 0 || [|e.InnerException.Message == "Connection reset by peer"|]) { }
                        catch (Win32Exception e) when ([|e.NativeErrorCode == 10053|]) { }
                    }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    void M(NetworkStream ns, byte[] b)
                    {
                        try { ns.Read(b, 0, b.Length); }
                        catch (IOException e) when ((e.InnerException as SocketException)?.SocketErrorCode != SocketError.Shutdown || (e.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionReset) { }
                        catch (Win32Exception e) when ((e as SocketException)?.SocketErrorCode == SocketError.ConnectionAborted) { }
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Fix_ParenthesizesUnderANegationAndRewritesIndexOfComparisons() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if (![|e.Message.Contains("Connection refused")|]) { throw; }
                    if ([|e.Message.IndexOf("timed out", StringComparison.OrdinalIgnoreCase)|] != -1) { return; }
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if (!(e.SocketErrorCode == SocketError.ConnectionRefused)) { throw; }
                    if (e.SocketErrorCode == SocketError.TimedOut) { return; }
                }
                """));

    [Fact]
    public Task Fix_RewritesPatternsListsCastsAndLocalCopies() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e)
                {
                    if ([|e.ErrorCode is 104 or 54 or 10054|]) { return; }
                    if ([|e.ErrorCode is not (32 or 10058)|]) { return; }
                    if ([|ResetCodes.Contains(e.NativeErrorCode)|]) { return; }
                    if ([|(SocketError)e.ErrorCode is SocketError.Shutdown or SocketError.ConnectionAborted|]) { return; }
                    var code = e.ErrorCode;
                    if ([|code == 110|]) { return; }
                }
                """),
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e)
                {
                    if (e.SocketErrorCode == SocketError.ConnectionReset) { return; }
                    if (e.SocketErrorCode != SocketError.Shutdown) { return; }
                    if (e.SocketErrorCode == SocketError.ConnectionReset) { return; }
                    if (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionAborted) { return; }
                    var code = e.ErrorCode;
                    if (e.SocketErrorCode == SocketError.TimedOut) { return; }
                }
                """));

    [Fact]
    public Task Fix_RewritesPropertySubpatterns() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { ns.Read(b, 0, b.Length); }
                catch (Exception e) when (e is Win32Exception { [|NativeErrorCode: 10053|] } w) { Console.WriteLine(w.Message); }
                catch (Exception e) when (e is IOException { InnerException: SocketException { [|ErrorCode: 104|] } }) { }
                catch (Exception e) when (e is IOException { [|Message: "Broken pipe"|] }) { }
                """),
            InMethod("""
                try { ns.Read(b, 0, b.Length); }
                catch (Exception e) when (e is SocketException { SocketErrorCode: SocketError.ConnectionAborted } w) { Console.WriteLine(w.Message); }
                catch (Exception e) when (e is IOException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionReset } }) { }
                catch (Exception e) when (e is IOException { InnerException: SocketException { SocketErrorCode: SocketError.Shutdown } }) { }
                """));

    [Fact]
    public Task Fix_OnAWin32ExceptionOrAPatternVariableUsesTheLatestPatterns() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Send(b); }
                catch (Win32Exception e) when ([|e.NativeErrorCode != 10053|]) { }
                catch (Exception e) when (e.InnerException is SocketException se && [|se.ErrorCode == 10060|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (Win32Exception e) when (e is not SocketException { SocketErrorCode: SocketError.ConnectionAborted }) { }
                catch (Exception e) when (e.InnerException is SocketException se && se.SocketErrorCode == SocketError.TimedOut) { }
                """));

    [Fact]
    public Task Fix_RewritesASwitchOnALocalCopy() =>
        VerifyCodeFixWithoutTreeCheck(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    int code = e.NativeErrorCode;
                    switch (code)
                    {
                        [|case 104 or 54:|]
                            return;
                    }
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    int code = e.NativeErrorCode;
                    switch (e.SocketErrorCode)
                    {
                        case SocketError.ConnectionReset or SocketError.Shutdown:
                            return;
                    }
                }
                """));

    [Fact]
    public Task Fix_RewritesASwitchStatementWhoseLabelsAllNameOneCode() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    switch (e.ErrorCode)
                    {
                        [|case 104:|]
                        [|case 54:|]
                        [|case 10054:|]
                            Console.WriteLine("reset");
                            break;
                        [|case 32:|]
                            Console.WriteLine("pipe");
                            break;
                        default:
                            throw;
                    }
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    switch (e.SocketErrorCode)
                    {
                        case SocketError.ConnectionReset:
                            Console.WriteLine("reset");
                            break;
                        case SocketError.Shutdown:
                            Console.WriteLine("pipe");
                            break;
                        default:
                            throw;
                    }
                }
                """));

    [Fact]
    public Task Fix_RewritesASwitchExpressionAndACastSwitch() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    var text = e.NativeErrorCode switch
                    {
                        [|104 or 54|] => "reset",
                        [|32|] => "pipe",
                        _ => "other",
                    };
                    switch ((SocketError)e.ErrorCode)
                    {
                        [|case SocketError.ConnectionAborted:|]
                            break;
                    }
                    Console.WriteLine(text);
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    var text = e.SocketErrorCode switch
                    {
                        SocketError.ConnectionReset => "reset",
                        SocketError.Shutdown => "pipe",
                        _ => "other",
                    };
                    switch (e.SocketErrorCode)
                    {
                        case SocketError.ConnectionAborted:
                            break;
                    }
                    Console.WriteLine(text);
                }
                """));

    [Fact]
    public Task Fix_AddsTheUsingWhenItIsMissing() =>
        Verify.VerifyCodeFixAsync(
            """
            using System;
            using System.IO;

            class C
            {
                bool IsReset(IOException e) => [|e.Message.Contains("Connection reset")|];
            }
            """,
            """
            using System;
            using System.IO;
            using System.Net.Sockets;

            class C
            {
                bool IsReset(IOException e) => e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.Shutdown };
            }
            """);

    [Fact]
    public Task Fix_AddsTheUsingToAFileWithoutUsings() =>
        Verify.VerifyCodeFixAsync(
            """
            // File header.
            namespace App
            {
                class C
                {
                    bool IsReset(System.IO.IOException e) => [|e.Message.Contains("Connection reset")|];
                }
            }
            """,
            """
            // File header.
            using System.Net.Sockets;

            namespace App
            {
                class C
                {
                    bool IsReset(System.IO.IOException e) => e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.Shutdown };
                }
            }
            """);

    [Fact]
    public Task Fix_AddsTheUsingInsideTheNamespaceWhenTheUsingsAreThere() =>
        Verify.VerifyCodeFixAsync(
            """
            namespace App
            {
                using System;
                using System.IO;

                class C
                {
                    bool IsReset(IOException e) => [|e.Message.Contains("Connection reset")|];
                }
            }
            """,
            """
            namespace App
            {
                using System;
                using System.IO;
                using System.Net.Sockets;

                class C
                {
                    bool IsReset(IOException e) => e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.Shutdown };
                }
            }
            """);

    [Fact]
    public Task Fix_QualifiesTheNamesWhenAUsingWouldBeAmbiguous() =>
        Verify.VerifyCodeFixAsync(
            """
            using System;
            using System.IO;
            using Legacy;

            namespace Legacy
            {
                public enum SocketError { Reset }
            }

            class C
            {
                bool IsReset(IOException e) => [|e.Message.Contains("Connection reset")|];
            }
            """,
            """
            using System;
            using System.IO;
            using Legacy;

            namespace Legacy
            {
                public enum SocketError { Reset }
            }

            class C
            {
                bool IsReset(IOException e) => e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.Shutdown };
            }
            """);

    [Fact]
    public Task InAnExpressionTreeOnlyTheSocketExceptionFormIsWritten() =>
        VerifyCodeFixWithoutTreeCheck(
            Usings + """
                using System.Linq.Expressions;

                static class Rules
                {
                    public static Expression<Func<IOException, bool>> IsPipe = e => [|e.Message.Contains("Broken pipe")|];
                    public static Expression<Func<SocketException, bool>> IsReset = e => [|e.ErrorCode == 104|];
                }
                """,
            Usings + """
                using System.Linq.Expressions;

                static class Rules
                {
                    public static Expression<Func<IOException, bool>> IsPipe = e => [|e.Message.Contains("Broken pipe")|];
                    public static Expression<Func<SocketException, bool>> IsReset = e => e.SocketErrorCode == SocketError.ConnectionReset;
                }
                """);

    [Fact]
    public Task Fix_AddsTheUsingAfterGlobalUsings() =>
        Verify.VerifyCodeFixAsync(
            """
            global using System;
            using System.IO;

            class C
            {
                bool IsReset(IOException e) => [|e.Message.Contains("Connection reset")|];
            }
            """,
            """
            global using System;
            using System.IO;
            using System.Net.Sockets;

            class C
            {
                bool IsReset(IOException e) => e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.Shutdown };
            }
            """);

    [Fact]
    public Task ACopyReadWhereTheExceptionIsOutOfScopeGetsNoFix() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                string message;
                try { ns.Write(b, 0, b.Length); return; }
                catch (IOException e) { message = e.Message; }
                if ([|message.Contains("Broken pipe")|]) { return; }
                """),
            InMethod("""
                string message;
                try { ns.Write(b, 0, b.Length); return; }
                catch (IOException e) { message = e.Message; }
                if ([|message.Contains("Broken pipe")|]) { return; }
                """));

    [Fact]
    public Task FixAllFixesEveryDiagnosticOfTheDocument() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e) when ([|e.ErrorCode == 104|] || [|e.ErrorCode == 54|] || [|e.Message.Contains("Broken pipe")|]) { }
                try { ns.Read(b, 0, b.Length); }
                catch (IOException e) when ([|e.Message.Contains("refused")|]) { }
                """),
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown) { }
                try { ns.Read(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) { }
                """));

    [Fact]
    public Task ComparisonsWithoutASingleMeaningGetNoFix() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ([|e.Message.Contains("transport connection")|] || [|e.Message.Contains("aborted")|]) { }
                try { s.Send(b); }
                catch (SocketException e) when ([|e.ErrorCode is 104 or 32|] || [|e.ErrorCode is 104 or 42|]) { }
                catch (AggregateException e) when ([|e.Message.Contains("Connection reset")|]) { }
                try { s.Send(b); }
                catch (SocketException e)
                {
                    switch (e.ErrorCode)
                    {
                        [|case 104:|]
                            break;
                        case 42:
                            break;
                    }
                    if (e.InnerException?.Message == "x" || [|e.InnerException?.Message.Contains("Broken pipe")|] == true) { }
                }
                """),
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ([|e.Message.Contains("transport connection")|] || [|e.Message.Contains("aborted")|]) { }
                try { s.Send(b); }
                catch (SocketException e) when ([|e.ErrorCode is 104 or 32|] || [|e.ErrorCode is 104 or 42|]) { }
                catch (AggregateException e) when ([|e.Message.Contains("Connection reset")|]) { }
                try { s.Send(b); }
                catch (SocketException e)
                {
                    switch (e.ErrorCode)
                    {
                        [|case 104:|]
                            break;
                        case 42:
                            break;
                    }
                    if (e.InnerException?.Message == "x" || [|e.InnerException?.Message.Contains("Broken pipe")|] == true) { }
                }
                """));

    // ----- Both peer-gone twins where SOCK002 would report one alone (a fix must not write code another rule flags) -----

    [Fact]
    public Task Twins_OnAReadPathTheOneCodeStays() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e) when ([|e.ErrorCode == 104|]) { }
                """),
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                """));

    [Fact]
    public Task Twins_UnderANegation() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Send(b); }
                catch (IOException e) when (![|e.Message.Contains("Broken pipe")|]) { throw; }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (IOException e) when (!(e.InnerException is SocketException { SocketErrorCode: SocketError.Shutdown or SocketError.ConnectionReset })) { throw; }
                """));

    [Fact]
    public Task Twins_CSharp73_PlainSocketExceptionVariableIsComparedTwice() =>
        new Verify.Test
        {
            LanguageVersion = LanguageVersion.CSharp7_3,
            ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
            TestCode = Usings + """
                class C
                {
                    void M(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when (s.Connected && [|e.ErrorCode == 104|]) { }
                    }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    void M(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when (s.Connected && (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown)) { }
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Twins_CSharp73_TheCastIsWrittenOnceWithAPatternVariable() =>
        new Verify.Test
        {
            LanguageVersion = LanguageVersion.CSharp7_3,
            ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
            TestCode = Usings + """
                class C
                {
                    void M(NetworkStream ns, byte[] b)
                    {
                        try { ns.Write(b, 0, b.Length); }
                        catch (IOException e) when ([|e.Message.Contains("Broken pipe")|]) { }
                    }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    void M(NetworkStream ns, byte[] b)
                    {
                        try { ns.Write(b, 0, b.Length); }
                        catch (IOException e) when ((e.InnerException as SocketException)?.SocketErrorCode is SocketError code && (code == SocketError.Shutdown || code == SocketError.ConnectionReset)) { }
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Twins_CSharp73_NegatedWithTheNameCodeTaken() =>
        new Verify.Test
        {
            LanguageVersion = LanguageVersion.CSharp7_3,
            ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
            TestCode = Usings + """
                class C
                {
                    void M(NetworkStream ns, byte[] b, int code)
                    {
                        try { ns.Write(b, 0, b.Length); }
                        catch (IOException e)
                        {
                            if ([|e.Message.IndexOf("Connection reset")|] < 0) { throw; }
                        }
                    }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    void M(NetworkStream ns, byte[] b, int code)
                    {
                        try { ns.Write(b, 0, b.Length); }
                        catch (IOException e)
                        {
                            if (!((e.InnerException as SocketException)?.SocketErrorCode is SocketError code2 && (code2 == SocketError.ConnectionReset || code2 == SocketError.Shutdown))) { throw; }
                        }
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Twins_ACastGetsTheTwinFromSOCK002sFix() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|(SocketError)e.ErrorCode == SocketError.ConnectionReset|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown) { }
                """));

    [Fact]
    public Task Twins_CSharp73_ASwitchGetsATwinLabelFromSOCK002sFix() =>
        new Verify.Test
        {
            LanguageVersion = LanguageVersion.CSharp7_3,
            ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
            TestCode = Usings + """
                class C
                {
                    void M(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e)
                        {
                            switch (e.ErrorCode)
                            {
                                [|case 104:|]
                                    return;
                            }
                        }
                    }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    void M(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e)
                        {
                            switch (e.SocketErrorCode)
                            {
                                case SocketError.ConnectionReset:
                                case SocketError.Shutdown:
                                    return;
                            }
                        }
                    }
                }
                """,
        }.RunAsync();
}
