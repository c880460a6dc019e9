using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketAnalyzers.TestSupport.Loopback;

/// <summary>What happened on both ends of one run: the program's outcome and what the peer read.</summary>
public sealed class LoopbackRun
{
    public LoopbackRun(ProgramOutcome program, PeerObservation peer)
    {
        Program = program;
        Peer = peer;
    }

    public ProgramOutcome Program { get; }

    public PeerObservation Peer { get; }

    public override string ToString() => Program + "; " + Peer;
}

/// <summary>
/// Runs one static method of an <see cref="InMemoryProgram"/> against a scripted peer on 127.0.0.1.
/// The method's parameters say what it gets:
/// <list type="bullet">
/// <item><c>Socket</c>, <c>TcpClient</c>, <c>NetworkStream</c>/<c>Stream</c>: a connection (from one TcpClient)
/// whose other end is the peer; the peer's script runs first, and the harness waits until what the peer did
/// (bytes, FIN, RST) has reached the program's side before it calls the method.</item>
/// <item><c>int</c>: the port of a listener on 127.0.0.1; the method connects itself, and the peer's script runs
/// once the connection is accepted, while the method runs.</item>
/// <item><c>CancellationToken</c>: canceled at the program's deadline.</item>
/// </list>
/// After the method ends the peer reads until a clean end of stream, a reset or its deadline.
/// </summary>
public static class LoopbackHarness
{
    /// <summary>Compiles <paramref name="source"/>, runs <paramref name="typeAndMethod"/> and unloads the program.</summary>
    public static async Task<LoopbackRun> RunAsync(
        string source,
        string typeAndMethod,
        Action<LoopbackPeer>? peerScript = null,
        LanguageVersion languageVersion = LanguageVersion.Latest,
        TimeSpan? programTimeout = null,
        TimeSpan? peerReadTimeout = null)
    {
        using var program = InMemoryProgram.Compile(source, languageVersion);
        return await RunAsync(program, typeAndMethod, peerScript, programTimeout, peerReadTimeout).ConfigureAwait(false);
    }

    public static async Task<LoopbackRun> RunAsync(
        InMemoryProgram program,
        string typeAndMethod,
        Action<LoopbackPeer>? peerScript = null,
        TimeSpan? programTimeout = null,
        TimeSpan? peerReadTimeout = null)
    {
        var method = program.Method(typeAndMethod);
        var parameters = method.GetParameters();
        var programDeadline = programTimeout ?? LoopbackPair.DefaultTimeout;
        using var setupCancellation = new CancellationTokenSource(LoopbackPair.DefaultTimeout);
        using var programCancellation = new CancellationTokenSource(programDeadline);
        using var listener = LoopbackPair.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        TcpClient? programSide = null;
        LoopbackPeer? peer = null;
        try
        {
            ProgramOutcome outcome;
            if (parameters.Any(p => p.ParameterType == typeof(int)))
            {
                var arguments = Bind(parameters, null, port, programCancellation.Token);
                var accept = listener.AcceptAsync(setupCancellation.Token).AsTask();
                var run = InMemoryProgram.InvokeAsync(method, arguments, programDeadline);
                if (await Task.WhenAny(accept, run).ConfigureAwait(false) == accept || await Completes(accept).ConfigureAwait(false))
                {
                    peer = new LoopbackPeer(await accept.ConfigureAwait(false));
                    LoopbackPair.SetTimeouts(peer.Socket, LoopbackPair.DefaultTimeout);
                    peerScript?.Invoke(peer);
                }

                outcome = await run.ConfigureAwait(false);
            }
            else
            {
                programSide = new TcpClient(AddressFamily.InterNetwork);
                LoopbackPair.SetTimeouts(programSide.Client, LoopbackPair.DefaultTimeout);
                var accept = listener.AcceptAsync(setupCancellation.Token).AsTask();
                await programSide.ConnectAsync(IPAddress.Loopback, port, setupCancellation.Token).ConfigureAwait(false);
                peer = new LoopbackPeer(await accept.ConfigureAwait(false));
                LoopbackPair.SetTimeouts(peer.Socket, LoopbackPair.DefaultTimeout);
                peerScript?.Invoke(peer);
                WaitUntilArrived(peer, programSide.Client);
                var arguments = Bind(parameters, programSide, port, programCancellation.Token);
                outcome = await InMemoryProgram.InvokeAsync(method, arguments, programDeadline).ConfigureAwait(false);
            }

            var observed = peer;
            var observation = observed is null
                ? PeerObservation.NotObserved
                : await Task.Run(() => observed.ReadToEnd(peerReadTimeout)).ConfigureAwait(false);
            return new LoopbackRun(outcome, observation);
        }
        finally
        {
            peer?.Dispose();
            programSide?.Dispose();
        }
    }

    /// <summary>
    /// The program must start from the state the peer's script produced: its bytes readable, its FIN or RST received.
    /// Otherwise a wrong close sequence could pass only because the request had not arrived yet.
    /// </summary>
    private static void WaitUntilArrived(LoopbackPeer peer, Socket programSocket)
    {
        if (peer.Aborted)
        {
            Eventually.RequireResetArrived(programSocket);
            return;
        }

        if (peer.BytesSent > 0)
        {
            Eventually.RequireAvailable(programSocket, peer.BytesSent);
        }

        if (peer.Closed)
        {
            Eventually.RequireReadable(programSocket);
        }
    }

    private static object?[] Bind(ParameterInfo[] parameters, TcpClient? connection, int port, CancellationToken cancellation) =>
        parameters.Select(parameter => parameter.ParameterType switch
        {
            var t when t == typeof(int) => port,
            var t when t == typeof(CancellationToken) => cancellation,
            var t when connection is not null && t == typeof(Socket) => connection.Client,
            var t when connection is not null && t == typeof(TcpClient) => connection,
            var t when connection is not null && (t == typeof(NetworkStream) || t == typeof(System.IO.Stream)) => (object)connection.GetStream(),
            var t => throw new ArgumentException(
                $"The harness cannot supply parameter '{parameter.Name}' of type {t}: use Socket, TcpClient, NetworkStream, Stream, int (a port) or CancellationToken."),
        }).ToArray();

    /// <summary>Whether a connection the program made (and may already have closed) is waiting in the backlog.</summary>
    private static async Task<bool> Completes(Task<Socket> accept)
    {
        try
        {
            await accept.WaitAsync(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or SocketException)
        {
            return false;
        }
    }
}
