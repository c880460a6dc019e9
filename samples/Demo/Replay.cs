using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace SocketAnalyzers.Demo;

/// <summary>
/// <c>replay</c>: runs the chat server's and client's own code on 127.0.0.1 against peers that go away the way
/// real ones do, and prints one line per tagged bug: what happened, and the rule that names it. Every wait is
/// bounded, so a scenario that does not go as described prints what it saw instead of hanging.
/// </summary>
internal static class Replay
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SpinWindow = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CloseWaitWindow = TimeSpan.FromSeconds(1);

    // The clients of the full chat server (SOCK005). They stay open until the process exits: closing a member would
    // start the server's other bugs on its session threads (a SOCK002 broadcast to a gone member ends the process).
    private static readonly List<Socket> FullServerMembers = new List<Socket>();

    public static int Run(TextWriter report)
    {
        // The demo's own console output (greetings, "connection lost", the spinning printer) is counted, not shown.
        TextWriter console = Console.Out;
        var demoOutput = new CountingWriter();
        Console.SetOut(demoOutput);
        try
        {
            report.WriteLine("replay: the demo's bugs on 127.0.0.1, one line each, with the rule that finds it");
            Scenario(report, "SOCK001", ErrorReplyAfterReset);
            Scenario(report, "SOCK002", BroadcastToPeerThatClosedFirst);
            Scenario(report, "SOCK005", ServerFullLeavesCloseWait);
            Scenario(report, "SOCK006", () => SpinOnZeroByteReads(demoOutput));
            Scenario(report, "SOCK007", SendAfterShutdown);
            Scenario(report, "SOCK008", WhoCloseResetsTheServer);
            Scenario(report, "SOCK009", KickResetsTheClient);
            return 0;
        }
        finally
        {
            Console.SetOut(console);
        }
    }

    private static void Scenario(TextWriter report, string ruleId, Func<string> replay)
    {
        string outcome;
        try
        {
            outcome = replay();
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or ObjectDisposedException)
        {
            outcome = "not shown: the replay itself failed with " + Describe(e);
        }

        report.WriteLine($"{ruleId}  {outcome}");
    }

    /// <summary>A client resets the connection; ClientSession.Run catches the failed read and writes "ERR ..." into it.</summary>
    private static string ErrorReplyAfterReset()
    {
        using var pair = LoopbackPair.Open();
#pragma warning disable SOCK005 // The session's socket is pair.Server, which pair.Dispose closes.
        var session = new ClientSession(pair.Server, new ChatServer(0));
#pragma warning restore SOCK005
        RunningBody running = RunToEnd(session.Run);
        pair.Client.Send(Encoding.UTF8.GetBytes("replay\n"));
        pair.AbortClient();
        Exception? outcome = Finish(running, "ClientSession.Run");
        return outcome is null
            ? "error reply after a reset: the session ended without an exception this time"
            : "error reply after a reset: the client reset the connection, the session caught the failed read and wrote \"ERR ...\" " +
              $"into the same connection: {Describe(outcome)} escaped the session (on its own thread it would end the server)";
    }

    /// <summary>A client closes first; the next two broadcasts to it go through ClientSession.TryDeliver.</summary>
    private static string BroadcastToPeerThatClosedFirst()
    {
        using var pair = LoopbackPair.Open();
#pragma warning disable SOCK005 // The session's socket is pair.Server, which pair.Dispose closes.
        var session = new ClientSession(pair.Server, new ChatServer(0));
#pragma warning restore SOCK005
        pair.CloseClient();
        var stopwatch = Stopwatch.StartNew();
        int delivered = 0;
        try
        {
            // The first write is accepted and answered with a reset; the failure shows on a later one.
            while (stopwatch.Elapsed < Patience && session.TryDeliver("line " + delivered))
            {
                delivered++;
                Thread.Sleep(20);
            }
        }
        catch (IOException e)
        {
            return $"broadcast to a client that closed first: {delivered} line(s) accepted, then {Describe(e)}, " +
                   "which the ConnectionReset-only filter of TryDeliver lets escape";
        }

        return $"broadcast to a client that closed first: TryDeliver {(stopwatch.Elapsed < Patience ? "reported the client gone" : "kept succeeding")}";
    }

    /// <summary>The real accept loop with eight members: the ninth client gets "server full" and a socket nobody closes.</summary>
    private static string ServerFullLeavesCloseWait()
    {
        int port = LoopbackPair.FreePort();
        var server = new ChatServer(port);
        new Thread(server.Run) { IsBackground = true, Name = "replay chat server" }.Start();
        for (int member = 0; member < 8; member++)
        {
            FullServerMembers.Add(LoopbackPair.ConnectWhenListening(port, Patience));
        }

        Socket ninth = LoopbackPair.ConnectWhenListening(port, Patience);
        FullServerMembers.Add(ninth);
        string answer = LoopbackPair.ReceiveUntil(ninth, "\n", Patience);
        ninth.Shutdown(SocketShutdown.Send);
        ninth.ReceiveTimeout = (int)CloseWaitWindow.TotalMilliseconds;
        string ending;
        try
        {
            ending = ninth.Receive(new byte[64]) == 0 ? "the server closed its side" : "the server sent more";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            ending = $"the server never closed its side within {CloseWaitWindow.TotalSeconds:0} s";
        }

        string? state = LoopbackPair.TcpState(port, ((IPEndPoint)ninth.LocalEndPoint!).Port);
        return $"socket left in CLOSE_WAIT: the ninth client got \"{answer.Trim()}\" and sent FIN; {ending}" +
               (state is null ? string.Empty : $" (server socket state: {state})");
    }

    /// <summary>The server closes gracefully; ChatClient.PrintIncoming keeps reading.</summary>
    private static string SpinOnZeroByteReads(CountingWriter demoOutput)
    {
        var pair = LoopbackPair.Open();
        pair.CloseServer();
        int before = demoOutput.EmptyWrites;
        RunningBody printer = RunToEnd(() => ChatClient.PrintIncoming(pair.Client));
        Thread.Sleep(SpinWindow);
        int spins = demoOutput.EmptyWrites - before;
        // Closing the socket is the only way out of that loop: the Receive in progress fails (ConnectionAborted, which
        // escapes PrintIncoming) or the next one throws ObjectDisposedException (which it catches).
        pair.Dispose();
        Finish(printer, "ChatClient.PrintIncoming");
        return $"spin on 0-byte reads: after the server closed, PrintIncoming's Receive returned 0 {spins} times in " +
               $"{SpinWindow.TotalMilliseconds:0} ms, until the replay closed the socket under it";
    }

    /// <summary>ChatClient.Quit shuts down its send side, then sends "/quit".</summary>
    private static string SendAfterShutdown()
    {
        using var pair = LoopbackPair.Open();
        string outcome;
        try
        {
            ChatClient.Quit(pair.Client);
            outcome = "the send succeeded";
        }
        catch (SocketException e)
        {
            outcome = Describe(e);
        }

        string serverGot = LoopbackPair.ReceiveUntil(pair.Server, "\n", Patience);
        return $"send after Shutdown: Quit shut down its send side, then sent \"/quit\": {outcome}; " +
               $"the server read {(serverGot.Length == 0 ? "end of stream and never got the line" : "\"" + serverGot.Trim() + "\"")}";
    }

    /// <summary>ChatClient.Who reads until "online:" and closes while chat lines are still arriving.</summary>
    private static string WhoCloseResetsTheServer()
    {
        using var listener = LoopbackPair.Listen();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        RunningBody who = RunToEnd(() => ChatClient.Who(port));
        using Socket server = listener.AcceptSocket();
        LoopbackPair.ReceiveUntil(server, "/who\n", Patience);

        // The answer, then a burst of chat far larger than Who's 4 KiB read: most of it is unread when Who closes.
        var burst = new StringBuilder("online: replay\n");
        while (burst.Length < 64 * 1024)
        {
            burst.Append("alice: still chatting\n");
        }

        string outcome;
        try
        {
            server.Send(Encoding.UTF8.GetBytes(burst.ToString()));
            outcome = server.Receive(new byte[64]) == 0 ? "read end of stream (a clean close)" : "read more data";
        }
        catch (SocketException e)
        {
            outcome = "got " + Describe(e);
        }

        Finish(who, "ChatClient.Who");
        return $"close that resets the peer: Who closed without Shutdown while chat lines were unread; the server {outcome}";
    }

    /// <summary>ClientSession.Kick sets a zero linger time and closes.</summary>
    private static string KickResetsTheClient()
    {
        using var pair = LoopbackPair.Open();
        var session = new ClientSession(pair.Server, new ChatServer(0));
        session.Kick();
        string outcome;
        try
        {
            outcome = pair.Client.Receive(new byte[64]) == 0 ? "read end of stream (a clean close)" : "read data";
        }
        catch (SocketException e)
        {
            outcome = "got " + Describe(e);
        }

        return $"abortive close by design: Kick set LingerState(true, 0) and closed; the kicked client {outcome}";
    }

    /// <summary>Starts <paramref name="body"/> on a thread of its own; <see cref="Finish"/> waits for it.</summary>
    private static RunningBody RunToEnd(Action body)
    {
        var running = new RunningBody();
        running.Thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                running.Escaped = e;
            }
        })
        { IsBackground = true, Name = "replay body" };
        running.Thread.Start();
        return running;
    }

    private static Exception? Finish(RunningBody running, string name)
    {
        if (!running.Thread!.Join(Patience))
        {
            throw new TimeoutException($"{name} did not end within {Patience.TotalSeconds:0} s");
        }

        return running.Escaped;
    }

    private static string Describe(Exception e) => e switch
    {
        SocketException socket => $"SocketException ({socket.SocketErrorCode})",
        IOException { InnerException: SocketException socket } => $"IOException (inner SocketException {socket.SocketErrorCode})",
        _ => e.GetType().Name,
    };

    private sealed class RunningBody
    {
        public Thread? Thread { get; set; }

        public Exception? Escaped { get; set; }
    }
}
