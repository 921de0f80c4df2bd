using System.Text;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>The qube's user database and the host values its session takes (<see cref="QubeAccount"/>).</summary>
public sealed class QubeAccountTests
{
    [Theory]
    [InlineData("de_DE.UTF-8")]
    [InlineData("en_US.utf8")]
    [InlineData("C.UTF-8")]
    [InlineData("C")]
    [InlineData("POSIX")]
    [InlineData("sr_RS@latin")]
    [InlineData("ast_ES.UTF-8")]
    [InlineData("fr")]
    public void APlainLocaleNameOfTheHostIsTaken(string language) => Assert.Equal(language, QubeAccount.Language(language));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/tmp/evil")]
    [InlineData("../../home/user/locale")]
    [InlineData("de_DE.UTF-8\n")]
    [InlineData("de_DE.UTF-8 x")]
    [InlineData("de_DE.UTF-8;rm")]
    [InlineData("DE_de")]
    [InlineData("en_US.UTF-8@euro@x")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void AnythingElseGivesCUtf8(string? language) => Assert.Equal("C.UTF-8", QubeAccount.Language(language));

    [Fact]
    public void TheUserDatabaseHasRootUserAndNobodyOnly()
    {
        string[] passwd = Encoding.ASCII.GetString(QubeAccount.Passwd).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["root", "user", "nobody"], passwd.Select(line => line.Split(':')[0]));
        Assert.Matches(@"^user:x:1000:1000:user:/home/user:/bin/(ba)?sh$", passwd[1]);
        string[] group = Encoding.ASCII.GetString(QubeAccount.Group).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["root:x:0:", "user:x:1000:", "nogroup:x:65534:"], group);
    }
}
