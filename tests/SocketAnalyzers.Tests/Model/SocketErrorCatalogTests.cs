using System;
using System.Linq;
using System.Net.Sockets;
using SocketAnalyzers.Model;
using Xunit;

namespace SocketAnalyzers.Tests.Model;

/// <summary>The native-number catalog agrees with the runtime: names, Windows values and one meaning per number.</summary>
public sealed class SocketErrorCatalogTests
{
    [Fact]
    public void Every_meaning_is_a_SocketError_member_and_every_Windows_number_is_its_value()
    {
        foreach (var code in SocketErrorCatalog.NativeCodes)
        {
            Assert.True(Enum.TryParse<SocketError>(code.Meaning.ToString(), out var error), code.Meaning.ToString());
            if (code.OperatingSystem == "Windows")
            {
                Assert.Equal((int)error, code.Number);
            }
        }
    }

    [Fact]
    public void Every_meaning_has_a_number_on_each_system_and_each_number_one_meaning()
    {
        foreach (var meaning in SocketErrorCatalog.NativeCodes.Select(code => code.Meaning).Distinct())
        {
            Assert.Equal(
                new[] { "Linux", "Windows", "macOS" },
                SocketErrorCatalog.NativeCodes.Where(code => code.Meaning == meaning).Select(code => code.OperatingSystem).OrderBy(os => os, StringComparer.Ordinal));
        }

        foreach (var number in SocketErrorCatalog.NativeCodes.Select(code => code.Number).Distinct())
        {
            Assert.NotEqual(SocketErrorMeaning.Unknown, SocketErrorCatalog.SingleMeaning(SocketErrorCatalog.LookUpNative(number)));
        }
    }

    [Theory]
    [InlineData(11, SocketErrorMeaning.WouldBlock)]
    [InlineData(35, SocketErrorMeaning.WouldBlock)]
    [InlineData(10035, SocketErrorMeaning.WouldBlock)]
    [InlineData(125, SocketErrorMeaning.OperationAborted)]
    [InlineData(89, SocketErrorMeaning.OperationAborted)]
    [InlineData(995, SocketErrorMeaning.OperationAborted)]
    [InlineData(4, SocketErrorMeaning.Interrupted)]
    [InlineData(10004, SocketErrorMeaning.Interrupted)]
    [InlineData(88, SocketErrorMeaning.NotSocket)]
    [InlineData(38, SocketErrorMeaning.NotSocket)]
    [InlineData(10038, SocketErrorMeaning.NotSocket)]
    [InlineData(32, SocketErrorMeaning.Shutdown)]
    [InlineData(108, SocketErrorMeaning.Disconnecting)]
    [InlineData(0x80072746L, SocketErrorMeaning.ConnectionReset)]
    public void Numbers_from_the_issue_mean_what_the_runtime_maps_them_to(long number, SocketErrorMeaning meaning) =>
        Assert.Equal(meaning, SocketErrorCatalog.SingleMeaning(SocketErrorCatalog.LookUpNative(number)));

    [Theory]
    [InlineData(10054, true)]
    [InlineData(0x80072746L, true)]
    [InlineData(995, false)]
    [InlineData(104, false)]
    [InlineData(0x80070020L, false)]
    public void Only_Winsock_numbers_are_distinctive(long number, bool winsock) =>
        Assert.Equal(winsock, SocketErrorCatalog.IsWinsockNumber(number));
}
