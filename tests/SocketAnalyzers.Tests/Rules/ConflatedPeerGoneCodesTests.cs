using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketAnalyzers.CodeFixes;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConflatedPeerGoneCodesAnalyzer,
    SocketAnalyzers.CodeFixes.ConflatedPeerGoneCodesCodeFix>;

namespace SocketAnalyzers.Tests.Rules;

public class ConflatedPeerGoneCodesTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        """;

    /// <summary>A class whose method M(Socket s, NetworkStream ns, byte[] b) holds <paramref name="body"/>.</summary>
    private static string InMethod(string body) => Usings + """
        class C
        {
            bool logging;

            void M(Socket s, NetworkStream ns, byte[] b)
            {
        """ + "\n" + Indent(body) + "\n" + """
            }
        }
        """;

    private static string Indent(string body) => "        " + body.Replace("\n", "\n        ");

    private static Task VerifyFix(string source, string fixedSource, string key, LanguageVersion languageVersion = LanguageVersion.Latest) =>
        new Verify.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = key,
            LanguageVersion = languageVersion,
        }.RunAsync();

    // ------------------------------------------------------------------------------------------ trigger forms

    [Fact]
    public Task Filter_naming_only_ConnectionReset_around_a_send_is_reported_with_both_codes() =>
        Verify.VerifyAnalyzerAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ({|#0:e.SocketErrorCode == SocketError.ConnectionReset|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("ConnectionReset", "Shutdown"));

    [Fact]
    public Task Filter_naming_only_Shutdown_is_reported_with_the_reset_as_its_twin() =>
        Verify.VerifyAnalyzerAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ({|#0:SocketError.Shutdown == e.SocketErrorCode|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("Shutdown", "ConnectionReset"));

    [Fact]
    public Task Reset_with_aborted_in_an_or_pattern_still_misses_the_broken_pipe() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e) when ([|e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted|]) { }
            """));

    [Fact]
    public Task Reset_and_aborted_compared_separately_report_only_the_reset_comparison() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|] || e.SocketErrorCode == SocketError.ConnectionAborted) { }
            """));

    [Fact]
    public Task If_inside_the_catch() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                if ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { return; }
                throw;
            }
            """));

    [Fact]
    public Task Negated_check_that_rethrows_everything_else() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                if ([|e.SocketErrorCode != SocketError.ConnectionReset|]) { throw; }
            }
            """));

    [Fact]
    public Task Switch_statement_case_label() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                switch (e.SocketErrorCode)
                {
                    [|case SocketError.ConnectionReset:|]
                        return;
                    case SocketError.TimedOut:
                        break;
                    default:
                        throw;
                }
            }
            """));

    [Fact]
    public Task Switch_expression_arm() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                var gone = e.SocketErrorCode switch
                {
                    [|SocketError.ConnectionReset|] => true,
                    _ => false,
                };
                if (!gone) { throw; }
            }
            """));

    [Fact]
    public Task Property_pattern_on_the_caught_exception() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (Exception e) when (e is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
            """));

    [Fact]
    public Task Inner_exception_of_an_IOException_from_a_stream_write() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (IOException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
            """));

    [Fact]
    public Task Inner_exception_read_with_as_and_conditional_access() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (IOException e) when ([|(e.InnerException as SocketException)?.SocketErrorCode == SocketError.Shutdown|]) { }
            """));

    [Fact]
    public Task Inner_exception_through_a_pattern_variable() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (IOException e) when (e.InnerException is SocketException se && [|se.SocketErrorCode == SocketError.ConnectionReset|]) { }
            """));

    [Fact]
    public Task Code_copied_to_a_local_first() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                var code = e.SocketErrorCode;
                if ([|code == SocketError.ConnectionReset|]) { return; }
                throw;
            }
            """));

    [Fact]
    public Task Equals_call() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e) when ([|e.SocketErrorCode.Equals(SocketError.ConnectionReset)|]) { }
            """));

    [Fact]
    public Task Filter_and_body_of_one_handler_are_each_reported() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|])
            {
                if ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { Console.WriteLine("reset"); }
            }
            """));

    [Fact]
    public Task Write_through_a_session_method_of_the_project() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Session
            {
                private readonly Socket socket;
                public Session(Socket socket) { this.socket = socket; }
                public void Deliver(byte[] data) => socket.Send(data);
            }

            class Server
            {
                void Broadcast(Session session, byte[] data)
                {
                    try { session.Deliver(data); }
                    catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { }
                }
            }
            """);

    [Fact]
    public Task Async_write_with_a_stream_writer_over_a_client_stream() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                async Task Reply(TcpClient client, string line)
                {
                    var writer = new StreamWriter(client.GetStream());
                    try { await writer.WriteLineAsync(line); await writer.FlushAsync(); }
                    catch (IOException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.Shutdown|] }) { }
                }
            }
            """);

    // ------------------------------------------------------------------------------------------ SocketAsyncEventArgs

    [Fact]
    public Task Send_completion_handler_named_for_the_send() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void ProcessSend(SocketAsyncEventArgs e)
                {
                    if ([|e.SocketError == SocketError.ConnectionReset|]) { Close(e); return; }
                }

                void Close(SocketAsyncEventArgs e) { }
            }
            """);

    [Fact]
    public Task Lambda_subscribed_to_the_args_of_a_SendAsync() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void Start(Socket s, byte[] b)
                {
                    var args = new SocketAsyncEventArgs();
                    args.SetBuffer(b, 0, b.Length);
                    args.Completed += (sender, e) =>
                    {
                        if ([|e.SocketError == SocketError.Shutdown|]) { s.Close(); }
                    };
                    s.SendAsync(args);
                }
            }
            """);

    [Fact]
    public Task LastOperation_Send_guard_in_a_shared_completion_handler() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void OnCompleted(object sender, SocketAsyncEventArgs e)
                {
                    if (e.LastOperation == SocketAsyncOperation.Send && [|e.SocketError == SocketError.ConnectionReset|]) { return; }
                    switch (e.LastOperation)
                    {
                        case SocketAsyncOperation.Receive:
                            if (e.SocketError == SocketError.ConnectionReset) { return; }
                            break;
                    }
                }
            }
            """);

    [Fact]
    public Task LastOperation_switch_case_Send() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void OnCompleted(object sender, SocketAsyncEventArgs e)
                {
                    switch (e.LastOperation)
                    {
                        case SocketAsyncOperation.Send:
                            if ([|e.SocketError == SocketError.ConnectionReset|]) { return; }
                            break;
                    }
                }
            }
            """);

    [Fact]
    public Task Async_args_checks_off_the_send_path_are_not_judged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void ProcessReceive(SocketAsyncEventArgs e)
                {
                    if (e.SocketError == SocketError.ConnectionReset) { return; }
                }

                void OnCompleted(object sender, SocketAsyncEventArgs e)
                {
                    if (e.SocketError == SocketError.ConnectionReset) { return; }
                    if (e.LastOperation == SocketAsyncOperation.Receive && e.SocketError == SocketError.ConnectionReset) { return; }
                }

                void ProcessSendAll(SocketAsyncEventArgs e)
                {
                    if (e.LastOperation != SocketAsyncOperation.Receive) { return; }
                    if (e.SocketError == SocketError.ConnectionReset) { return; }
                }

                void ProcessSendResult(SocketAsyncEventArgs e)
                {
                    if (e.SocketError == SocketError.ConnectionReset || e.SocketError == SocketError.Shutdown) { return; }
                }
            }
            """);

    [Fact]
    public Task Lambda_on_args_that_also_receive_is_not_judged_without_a_guard() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void Start(Socket s, byte[] b)
                {
                    var args = new SocketAsyncEventArgs();
                    args.Completed += (sender, e) =>
                    {
                        if (e.SocketError == SocketError.ConnectionReset) { s.Close(); }
                    };
                    s.SendAsync(args);
                    s.ReceiveAsync(args);
                }
            }
            """);

    // ------------------------------------------------------------------------------------------ helpers

    [Fact]
    public Task Helper_whose_own_set_names_the_reset_but_not_Shutdown_is_reported_without_callers() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsIgnorable(SocketException e) =>
                    [|e.SocketErrorCode == SocketError.ConnectionReset|] || e.SocketErrorCode == SocketError.ConnectionAborted;
            }
            """);

    [Fact]
    public Task Helper_taking_Exception_with_a_switch() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsResumeAllowed(Exception e)
                {
                    if (e is SocketException se)
                    {
                        switch (se.SocketErrorCode)
                        {
                            [|case SocketError.ConnectionReset:|]
                            case SocketError.ConnectionAborted:
                                return true;
                        }
                    }

                    return false;
                }
            }
            """);

    [Fact]
    public Task Shutdown_only_helper_is_judged_by_a_caller_around_a_write() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsBrokenPipe(SocketError code) => [|code == SocketError.Shutdown|];
            }

            class Server
            {
                void Send(Socket s, byte[] b)
                {
                    try { s.Send(b); }
                    catch (SocketException e) when (Disconnects.IsBrokenPipe(e.SocketErrorCode)) { }
                }
            }
            """);

    [Fact]
    public Task Helper_called_through_another_helper_around_a_write() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsBrokenPipe(SocketError code) => [|code == SocketError.Shutdown|];

                public static bool IsIgnorable(Exception e) => e is SocketException se && IsBrokenPipe(se.SocketErrorCode);
            }

            class Server
            {
                void Send(NetworkStream ns, byte[] b)
                {
                    try { ns.Write(b, 0, b.Length); }
                    catch (IOException e) when (Disconnects.IsIgnorable(e.InnerException)) { }
                }
            }
            """);

    [Fact]
    public Task Helper_named_in_a_send_completion_handler() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsBrokenPipe(SocketError code) => [|code == SocketError.Shutdown|];
            }

            class Server
            {
                void ProcessSend(SocketAsyncEventArgs e)
                {
                    if (Disconnects.IsBrokenPipe(e.SocketError)) { return; }
                }
            }
            """);

    [Fact]
    public Task Shutdown_only_helper_used_only_around_reads_or_completed_by_the_caller_is_not_reported() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsBrokenPipe(SocketError code) => code == SocketError.Shutdown;
                public static bool IsUnused(SocketException e) => e.SocketErrorCode == SocketError.Shutdown;
            }

            class Server
            {
                void Read(Socket s, byte[] b)
                {
                    try { s.Receive(b); }
                    catch (SocketException e) when (Disconnects.IsBrokenPipe(e.SocketErrorCode)) { }
                }

                void Write(Socket s, byte[] b)
                {
                    try { s.Send(b); }
                    catch (SocketException e) when (Disconnects.IsBrokenPipe(e.SocketErrorCode) || e.SocketErrorCode == SocketError.ConnectionReset) { }
                }
            }
            """);

    [Fact]
    public Task Catch_completed_by_a_helper_is_not_reported() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsGone(SocketException e) =>
                    e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown;
            }

            class Server
            {
                void Write(Socket s, byte[] b)
                {
                    try { s.Send(b); }
                    catch (SocketException e) when (Disconnects.IsGone(e) || e.SocketErrorCode == SocketError.ConnectionAborted) { }
                    try { s.Send(b); }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.Shutdown || Disconnects.IsGone(e)) { }
                }
            }
            """);

    [Fact]
    public Task Helper_in_another_file_judged_by_its_caller() =>
        new Verify.Test
        {
            TestCode = Usings + """
                static class Disconnects
                {
                    public static bool IsBrokenPipe(this SocketException e) => [|e.SocketErrorCode is SocketError.Shutdown|];
                }
                """,
            TestState =
            {
                Sources =
                {
                    Usings + """
                        class Server
                        {
                            void Send(Socket s, byte[] b)
                            {
                                try { s.Send(b); }
                                catch (SocketException e) when (e.IsBrokenPipe()) { }
                            }
                        }
                        """,
                },
            },
        }.RunAsync();

    [Fact]
    public Task Catch_inside_a_lambda_and_a_WebSocket_send() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                Task Pump(Socket s, System.Net.WebSockets.WebSocket ws, byte[] b) => Task.Run(async () =>
                {
                    try { s.Send(b); }
                    catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { }
                    try { await ws.SendAsync(new ArraySegment<byte>(b), System.Net.WebSockets.WebSocketMessageType.Binary, true, default); }
                    catch (System.Net.WebSockets.WebSocketException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
                });
            }
            """);

    // ------------------------------------------------------------------------------------------ negatives

    [Fact]
    public Task Reset_filter_around_a_read_only_try_is_right() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Receive(b); ns.Read(b, 0, b.Length); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
            try { ns.Read(b, 0, b.Length); }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset }) { }
            """));

    [Theory]
    [InlineData("e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown")]
    [InlineData("e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset or SocketError.ConnectionAborted")]
    [InlineData("e.SocketErrorCode != SocketError.ConnectionReset && e.SocketErrorCode != SocketError.Shutdown")]
    [InlineData("e is { SocketErrorCode: SocketError.ConnectionReset } || e.SocketErrorCode == SocketError.Shutdown")]
    public Task Checks_naming_both_codes_are_right(string filter) =>
        Verify.VerifyAnalyzerAsync(InMethod($$"""
            try { s.Send(b); }
            catch (SocketException e) when ({{filter}}) { }
            """));

    [Fact]
    public Task Twin_handled_in_its_own_clause_of_the_same_try() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { return; }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.Shutdown) { return; }
            """));

    [Fact]
    public Task Twin_named_in_a_switch_section_of_its_own() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                switch (e.SocketErrorCode)
                {
                    case SocketError.ConnectionReset: return;
                    case SocketError.Shutdown: Console.WriteLine("pipe"); return;
                    default: throw;
                }
            }
            """));

    [Theory]
    [InlineData("e.SocketErrorCode == SocketError.TimedOut")]
    [InlineData("e.SocketErrorCode is SocketError.WouldBlock or SocketError.Interrupted")]
    [InlineData("e.SocketErrorCode == SocketError.ConnectionAborted")]
    [InlineData("e.SocketErrorCode != SocketError.Success")]
    public Task Unrelated_codes_and_the_local_abort_alone_are_not_reported(string filter) =>
        Verify.VerifyAnalyzerAsync(InMethod($$"""
            try { s.Send(b); }
            catch (SocketException e) when ({{filter}}) { }
            """));

    [Theory]
    [InlineData("e.ErrorCode == 10054")]
    [InlineData("e.NativeErrorCode == 104 || e.NativeErrorCode == 32")]
    [InlineData("(SocketError)e.ErrorCode == SocketError.ConnectionReset")]
    [InlineData("(int)e.SocketErrorCode == 10054")]
    [InlineData("e.Message.Contains(\"Connection reset\")")]
    public Task Checks_by_native_number_or_text_are_left_to_SOCK003(string filter) =>
        Verify.VerifyAnalyzerAsync(InMethod($$"""
            try { s.Send(b); }
            catch (SocketException e) when ({{filter}}) { }
            """));

    [Fact]
    public Task A_catch_SOCK004_reports_gets_no_SOCK002() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
            """));

    [Fact]
    public Task SocketException_clause_beside_an_IOException_clause_is_judged() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); ns.Write(b, 0, b.Length); }
            catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { }
            catch (IOException) { }
            """));

    [Fact]
    public Task Udp_sockets_are_not_judged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Probe
            {
                private readonly Socket datagrams = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                private readonly Socket other;

                public Probe() { other = new Socket(SocketType.Dgram, ProtocolType.Udp); }

                void Ping(EndPoint target, byte[] b, UdpClient client)
                {
                    var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    try { udp.SendTo(b, target); }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                    try { client.Send(b, b.Length); }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                    try { client.Client.SendTo(b, target); }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                    try { datagrams.SendTo(b, target); other.SendTo(b, target); }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                }
            }
            """);

    [Fact]
    public Task Writes_to_files_and_memory_are_not_connections() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Log
            {
                void Append(byte[] b, string path)
                {
                    var memory = new MemoryStream();
                    using var file = File.OpenWrite(path);
                    try { memory.Write(b, 0, b.Length); file.Write(b, 0, b.Length); }
                    catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset }) { }
                }
            }
            """);

    [Fact]
    public Task A_check_on_another_exception_is_not_the_handler() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            var earlier = new SocketException((int)SocketError.ConnectionReset);
            try { s.Send(b); }
            catch (SocketException) when (earlier.SocketErrorCode == SocketError.ConnectionReset) { }
            """));

    // ------------------------------------------------------------------------------------------ broken code

    [Fact]
    public Task Unknown_member_in_the_check_is_silent() =>
        new Verify.Test
        {
            TestCode = InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.{|CS0117:Bogus|}) { }
                catch (SocketException e) when (e.{|CS1061:Code|} == SocketError.ConnectionReset) { }
                """),
        }.RunAsync();

    [Fact]
    public Task Unresolved_writes_and_catch_types_are_silent() =>
        new Verify.Test
        {
            TestCode = InMethod("""
                try { {|CS0103:conn|}.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                try { s.Send(b); }
                catch ({|CS0246:SockException|} e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                """),
        }.RunAsync();

    [Fact]
    public Task Half_typed_code_does_not_throw() =>
        new Verify.Test
        {
            TestCode = Usings + """
                static class Disconnects
                {
                    public static bool IsGone(SocketException e) => e.SocketErrorCode == SocketError.;
                    public static bool IsPipe(SocketException e) => e.SocketErrorCode switch { SocketError. => true, _ => false };
                    public static bool NoBody(SocketException e);

                    static void Send(Socket s, byte[] b)
                    {
                        try { s.Send(b) }
                        catch (SocketException e) when (e.SocketErrorCode == ) { }
                        catch (SocketException e) when (IsGone(e, 1)) { }
                        catch (SocketException e) when (NoBody(e)) { }
                    }
                }
                """,
            AllowCompilerErrors = true,
        }.RunAsync();

    // ------------------------------------------------------------------------------------------ fix: also handle the twin

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task Extend_a_comparison_in_a_filter(LanguageVersion version) =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            version);

    [Fact]
    public Task Extend_a_comparison_inside_a_conjunction_keeps_its_meaning() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (logging && [|SocketError.Shutdown == e.SocketErrorCode|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (logging && (SocketError.Shutdown == e.SocketErrorCode || SocketError.ConnectionReset == e.SocketErrorCode)) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task Extend_a_negated_comparison_with_and() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode != SocketError.ConnectionReset|]) { throw; }
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if (e.SocketErrorCode != SocketError.ConnectionReset && e.SocketErrorCode != SocketError.Shutdown) { throw; }
                }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task Extend_an_is_pattern_on_CSharp_7_3_with_or_else() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode is SocketError.ConnectionReset|]) { return; }
                    throw;
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if (e.SocketErrorCode is SocketError.ConnectionReset || e.SocketErrorCode is SocketError.Shutdown) { return; }
                    throw;
                }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            LanguageVersion.CSharp7_3);

    [Fact]
    public Task Extend_an_or_pattern_on_latest() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task Extend_a_not_pattern_in_parentheses() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode is not SocketError.ConnectionReset|]) { throw; }
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if (e.SocketErrorCode is not (SocketError.ConnectionReset or SocketError.Shutdown)) { throw; }
                }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task Extend_the_inner_exception_property_pattern() =>
        VerifyFix(
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
                """),
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.Shutdown }) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task Extend_the_conditional_access_form() =>
        VerifyFix(
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ([|(e.InnerException as SocketException)?.SocketErrorCode == SocketError.Shutdown|]) { }
                """),
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ((e.InnerException as SocketException)?.SocketErrorCode == SocketError.Shutdown || (e.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionReset) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            LanguageVersion.CSharp7_3);

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task Add_a_case_label_to_the_section(LanguageVersion version) =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    switch (e.SocketErrorCode)
                    {
                        [|case SocketError.ConnectionReset:|]
                        case SocketError.ConnectionAborted:
                            return;
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
                        case SocketError.ConnectionAborted:
                        case SocketError.Shutdown:
                            return;
                        default:
                            throw;
                    }
                }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            version);

    [Fact]
    public Task Extend_a_switch_arm_on_latest() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    var gone = e.SocketErrorCode switch
                    {
                        [|SocketError.ConnectionReset|] => true,
                        _ => false,
                    };
                    if (!gone) { throw; }
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    var gone = e.SocketErrorCode switch
                    {
                        SocketError.ConnectionReset or SocketError.Shutdown => true,
                        _ => false,
                    };
                    if (!gone) { throw; }
                }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task Copy_a_switch_arm_on_CSharp_8() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    var gone = e.SocketErrorCode switch
                    {
                        [|SocketError.ConnectionReset|] => true,
                        _ => false,
                    };
                    if (!gone) { throw; }
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    var gone = e.SocketErrorCode switch
                    {
                        SocketError.ConnectionReset => true,
                        SocketError.Shutdown => true,
                        _ => false,
                    };
                    if (!gone) { throw; }
                }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            LanguageVersion.CSharp8);

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task Extend_a_helper_and_a_send_completion_check(LanguageVersion version) =>
        VerifyFix(
            Usings + """
                static class Disconnects
                {
                    public static bool IsIgnorable(SocketException e)
                    {
                        return [|e.SocketErrorCode == SocketError.ConnectionReset|];
                    }
                }

                class Server
                {
                    void ProcessSend(SocketAsyncEventArgs e)
                    {
                        if ([|e.SocketError == SocketError.ConnectionReset|]) { return; }
                    }
                }
                """,
            Usings + """
                static class Disconnects
                {
                    public static bool IsIgnorable(SocketException e)
                    {
                        return e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown;
                    }
                }

                class Server
                {
                    void ProcessSend(SocketAsyncEventArgs e)
                    {
                        if (e.SocketError == SocketError.ConnectionReset || e.SocketError == SocketError.Shutdown) { return; }
                    }
                }
                """,
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            version);

    [Fact]
    public Task Extend_is_not_offered_where_the_tested_value_is_a_call() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (Exception e) when ([|((SocketException)e.GetBaseException()).SocketErrorCode == SocketError.ConnectionReset|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (Exception e) when ([|((SocketException)e.GetBaseException()).SocketErrorCode == SocketError.ConnectionReset|]) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task Extend_is_not_offered_for_a_property_pattern_before_CSharp_9() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (Exception e) when (e is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (Exception e) when (e is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            LanguageVersion.CSharp8);

    // ------------------------------------------------------------------------------------------ fix: own catch clause

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task Own_clause_after_a_filtered_clause_copies_the_body(LanguageVersion version) =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|] && !logging)
                {
                    Console.WriteLine("peer gone");
                    return;
                }
                catch (SocketException e)
                {
                    Console.WriteLine(e.SocketErrorCode);
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset && !logging)
                {
                    Console.WriteLine("peer gone");
                    return;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.Shutdown && !logging)
                {
                    Console.WriteLine("peer gone");
                    return;
                }
                catch (SocketException e)
                {
                    Console.WriteLine(e.SocketErrorCode);
                }
                """),
            ConflatedPeerGoneCodesCodeFix.OwnClauseKey,
            version);

    [Fact]
    public Task Own_clause_for_an_inner_exception_pattern() =>
        VerifyFix(
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted|] }) { return; }
                """),
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted }) { return; }
                catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.Shutdown }) { return; }
                """),
            ConflatedPeerGoneCodesCodeFix.OwnClauseKey);

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task Own_clause_before_a_catch_whose_first_if_guards_the_peer_gone_branch(LanguageVersion version) =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode == SocketError.ConnectionReset|])
                    {
                        Console.WriteLine("peer gone");
                        return;
                    }

                    throw;
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.Shutdown)
                {
                    Console.WriteLine("peer gone");
                    return;
                }
                catch (SocketException e)
                {
                    if (e.SocketErrorCode == SocketError.ConnectionReset)
                    {
                        Console.WriteLine("peer gone");
                        return;
                    }

                    throw;
                }
                """)
                // The new clause ends with CRLF in an LF file (ElasticCarriageReturnLineFeed in the fix); the old verifier
                // normalized line endings and hid it.
                .Replace("}\n        catch (SocketException e)\n", "}\r\n        catch (SocketException e)\n"),
            ConflatedPeerGoneCodesCodeFix.OwnClauseKey,
            version);

    [Fact]
    public Task Own_clause_is_not_offered_for_a_negated_check_or_a_branch_that_falls_through() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode != SocketError.ConnectionReset|]) { throw; }
                }
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { Console.WriteLine("gone"); }
                    Console.WriteLine("always");
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode != SocketError.ConnectionReset|]) { throw; }
                }
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { Console.WriteLine("gone"); }
                    Console.WriteLine("always");
                }
                """),
            ConflatedPeerGoneCodesCodeFix.OwnClauseKey);

    [Fact]
    public Task Own_clause_on_netstandard2_0_and_CSharp_7_3() =>
        new Verify.Test
        {
            TestCode = InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ([|(e.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionReset|])
                {
                    return;
                }
                """),
            FixedCode = InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ((e.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionReset)
                {
                    return;
                }
                catch (IOException e) when ((e.InnerException as SocketException)?.SocketErrorCode == SocketError.Shutdown)
                {
                    return;
                }
                """),
            CodeActionEquivalenceKey = ConflatedPeerGoneCodesCodeFix.OwnClauseKey,
            LanguageVersion = LanguageVersion.CSharp7_3,
            ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
        }.RunAsync();

    // ------------------------------------------------------------------------------------------ FixAll

    [Fact]
    public Task Fix_all_extends_one_check_per_handler() =>
        new Verify.Test
        {
            // The fix writes the right text, but builds a qualified name where the parser reads a member access.
            CodeActionValidationMode = CodeActionValidationMode.None,
            TestCode = Usings + """
                class Server
                {
                    void A(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|])
                        {
                            if ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { Console.WriteLine("reset"); }
                        }
                    }

                    void B(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when ([|e.SocketErrorCode is SocketError.Shutdown|]) { }
                    }

                    void ProcessSend(SocketAsyncEventArgs e)
                    {
                        if ([|e.SocketError == SocketError.ConnectionReset|]) { return; }
                    }
                }
                """,
            FixedCode = Usings + """
                class Server
                {
                    void A(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown)
                        {
                            if (e.SocketErrorCode == SocketError.ConnectionReset) { Console.WriteLine("reset"); }
                        }
                    }

                    void B(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset) { }
                    }

                    void ProcessSend(SocketAsyncEventArgs e)
                    {
                        if (e.SocketError == SocketError.ConnectionReset || e.SocketError == SocketError.Shutdown) { return; }
                    }
                }
                """,
            CodeActionEquivalenceKey = ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
        }.RunAsync();

    [Fact]
    public Task Fix_all_adds_one_clause_per_handler() =>
        new Verify.Test
        {
            TestCode = Usings + """
                class Server
                {
                    void A(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { return; }
                    }

                    void B(NetworkStream ns, byte[] b)
                    {
                        try { ns.Write(b, 0, b.Length); }
                        catch (IOException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.Shutdown|] }) { return; }
                    }
                }
                """,
            FixedCode = Usings + """
                class Server
                {
                    void A(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { return; }
                        catch (SocketException e) when (e.SocketErrorCode == SocketError.Shutdown) { return; }
                    }

                    void B(NetworkStream ns, byte[] b)
                    {
                        try { ns.Write(b, 0, b.Length); }
                        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.Shutdown }) { return; }
                        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset }) { return; }
                    }
                }
                """,
            CodeActionEquivalenceKey = ConflatedPeerGoneCodesCodeFix.OwnClauseKey,
        }.RunAsync();
}
