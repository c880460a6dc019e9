using System;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using SocketAnalyzers.TestSupport.Loopback;

namespace SocketBehavior.Tests;

/// <summary>
/// An SslStream on each end of a loopback pair, authenticated with a self-signed certificate made here
/// (no files, no store); the client accepts any certificate.
/// </summary>
internal sealed class TlsPair : IDisposable
{
    private static readonly Lazy<X509Certificate2> s_certificate = new(CreateCertificate);

    private TlsPair(LoopbackPair sockets, SslStream client, SslStream server)
    {
        Sockets = sockets;
        Client = client;
        Server = server;
    }

    public LoopbackPair Sockets { get; }

    public SslStream Client { get; }

    public SslStream Server { get; }

    public static async Task<TlsPair> OpenAsync()
    {
        var sockets = await LoopbackPair.OpenAsync();
        var client = new SslStream(new NetworkStream(sockets.Client, ownsSocket: true), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        var server = new SslStream(new NetworkStream(sockets.Server, ownsSocket: true), leaveInnerStreamOpen: false);
        using var cancellation = new CancellationTokenSource(LoopbackPair.DefaultTimeout);
        await Task.WhenAll(
            client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cancellation.Token),
            server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = s_certificate.Value }, cancellation.Token));
        return new TlsPair(sockets, client, server);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        Sockets.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // A PFX round trip gives a certificate whose key every platform's TLS stack can use (Windows needs it).
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), password: null);
    }
}
