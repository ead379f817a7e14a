/*
   Harrier's own starter rules, shipped with the package and used by
   `harrier-cli demo`. Written for the Harrier project; generic enough to be
   useful on real evidence, small enough to read in a minute.
*/

rule Harrier_ASPX_Request_Eval_Webshell
{
    meta:
        description = "ASP.NET page that takes request input and evaluates or executes it (one-line webshell pattern)"
        author = "Harrier project"
        reference = "Harrier demo scenario: C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\errorpage.aspx"
        score = 85
        date = "2026-11-25"
    strings:
        $page1 = "<%@ Page" nocase
        $page2 = "<%@Page" nocase
        $page3 = "runat=\"server\"" nocase
        $in1 = "Request.Form" nocase
        $in2 = "Request.Item" nocase
        $in3 = "Request.QueryString" nocase
        $in4 = "Request[" nocase
        $ex1 = /\beval\s*\(/ nocase
        $ex2 = /\bExecute(Global)?\s*\(/ nocase
        $ex3 = "Assembly.Load" nocase
    condition:
        filesize < 512KB and any of ($page*) and any of ($in*) and any of ($ex*)
}

rule Harrier_Scheduled_Task_Hidden_Encoded_PowerShell
{
    meta:
        description = "Windows scheduled task, hidden, running PowerShell with an encoded command"
        author = "Harrier project"
        score = 70
        date = "2026-11-25"
    strings:
        $task = "schemas.microsoft.com/windows/2004/02/mit/task" ascii wide
        $ps = "powershell" nocase ascii wide
        $enc1 = "-EncodedCommand" nocase ascii wide
        $enc2 = " -enc " nocase ascii wide
        $enc3 = " -e " nocase ascii wide
        $hidden = "<Hidden>true</Hidden>" nocase ascii wide
    condition:
        filesize < 1MB and $task and $ps and any of ($enc*) and $hidden
}
