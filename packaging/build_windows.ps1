<#
.SYNOPSIS
    Build, sign, smoke-test and package Counter Workstation for Windows.

.DESCRIPTION
    Run on a Windows x64 build machine (PyInstaller builds only for the OS it runs on) from any
    folder; everything is written under -OutDir (default: <repo>\build-windows):

      1. a fresh virtual environment with the program and PyInstaller (never the developer's);
      2. PyInstaller on packaging\workstation.spec: one folder (onedir), two executables,
         CounterWorkstation.exe (windowed) and workstation-admin.exe (console);
      3. signing of both executables with signtool, if WORKSTATION_SIGN_THUMBPRINT is set;
      4. a SMOKE TEST of the frozen build in a private temporary home: workstation-admin
         "db upgrade", "demo" and "screenshot" must exit 0, write PNG files, and leave no
         WARNING/ERROR line in the log; a broken build never becomes an installer;
      5. the installer with Inno Setup 6.3+ (ISCC.exe), signed the same way.

    Needs: Python 3.11 x64 (python.org build) and Inno Setup 6.3 or newer. For signing, the
    Windows SDK's signtool.exe and a code-signing certificate in the certificate store.

.PARAMETER Python
    The Python 3.11 to build with (default: the "py -3.11" launcher's interpreter).

.PARAMETER OutDir
    Where the venv, PyInstaller work folder, dist folder and setup .exe go.

.PARAMETER SkipInstaller
    Stop after the smoke test (no Inno Setup needed).

.EXAMPLE
    $env:WORKSTATION_SIGN_THUMBPRINT = "0123...ABCD"   # optional
    powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1

.NOTES
    Environment variables:
      WORKSTATION_SIGN_THUMBPRINT   SHA-1 thumbprint of the code-signing certificate (enables
                                    signing; without it the build is unsigned, with a warning)
      WORKSTATION_SIGN_TIMESTAMP    RFC 3161 timestamp server (default DigiCert's)
      SIGNTOOL                      full path of signtool.exe (default: newest Windows SDK)
      ISCC                          full path of ISCC.exe (default: Inno Setup 6 folder)
#>
[CmdletBinding()]
param(
    [string]$Python = "",
    [string]$OutDir = "",
    [switch]$SkipInstaller
)

Set-StrictMode -Version Latest
$ErrorActionPreference = "Stop"

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..")).Path
if (-not $OutDir) { $OutDir = Join-Path $Root "build-windows" }
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$OutDir = (Resolve-Path $OutDir).Path
$Venv = Join-Path $OutDir "venv"
$Work = Join-Path $OutDir "work"
$Dist = Join-Path $OutDir "dist"
$App = Join-Path $Dist "CounterWorkstation"
$GuiExe = Join-Path $App "CounterWorkstation.exe"
$AdminExe = Join-Path $App "workstation-admin.exe"

function Step([string]$Text) { Write-Host "==> $Text" -ForegroundColor Cyan }

function Invoke-Native {
    # Run a program; stop the build if it fails (PowerShell does not, for native programs).
    param([Parameter(Mandatory)][string]$Exe, [string[]]$Arguments = @())
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE"
    }
}

function Find-Python {
    if ($Python) { return $Python }
    $found = $null
    try { $found = & py -3.11 -c "import sys; print(sys.executable)" } catch { $found = $null }
    if ($LASTEXITCODE -ne 0 -or -not $found) {
        throw "Python 3.11 not found: install it from python.org or pass -Python C:\...\python.exe"
    }
    return $found.Trim()
}

function Find-SignTool {
    if ($env:SIGNTOOL) { return $env:SIGNTOOL }
    $kits = Join-Path ${env:ProgramFiles(x86)} "Windows Kits\10\bin"
    $tool = Get-ChildItem -Path $kits -Filter signtool.exe -Recurse -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -match "\\x64\\" } |
        Sort-Object FullName -Descending | Select-Object -First 1
    if (-not $tool) { throw "signtool.exe not found: install the Windows SDK or set SIGNTOOL" }
    return $tool.FullName
}

function Find-Iscc {
    if ($env:ISCC) { return $env:ISCC }
    foreach ($base in @(${env:ProgramFiles(x86)}, $env:ProgramFiles)) {
        $candidate = Join-Path $base "Inno Setup 6\ISCC.exe"
        if (Test-Path $candidate) { return $candidate }
    }
    throw "ISCC.exe not found: install Inno Setup 6.3+ or set ISCC"
}

$Thumbprint = $env:WORKSTATION_SIGN_THUMBPRINT
$Timestamp = if ($env:WORKSTATION_SIGN_TIMESTAMP) { $env:WORKSTATION_SIGN_TIMESTAMP } else { "http://timestamp.digicert.com" }
$SignTool = if ($Thumbprint) { Find-SignTool } else { $null }

function Sign-Files([string[]]$Files) {
    if (-not $Thumbprint) {
        Write-Warning "WORKSTATION_SIGN_THUMBPRINT is not set: $($Files.Count) file(s) left unsigned"
        return
    }
    # SHA-256 file digest and an RFC 3161 timestamp, so the signature outlives the certificate.
    Invoke-Native $SignTool (@("sign", "/sha1", $Thumbprint, "/fd", "sha256",
                               "/tr", $Timestamp, "/td", "sha256", "/d", "Counter Workstation") + $Files)
    Invoke-Native $SignTool (@("verify", "/pa", "/q") + $Files)
}

# ---------------------------------------------------------------------------- 1. environment
Step "virtual environment in $Venv"
$BasePython = Find-Python
if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
Invoke-Native $BasePython @("-m", "venv", $Venv)
$Py = Join-Path $Venv "Scripts\python.exe"
Invoke-Native $Py @("-m", "pip", "install", "--disable-pip-version-check", "-q", "--upgrade", "pip")
Invoke-Native $Py @("-m", "pip", "install", "--disable-pip-version-check", "-q", $Root, "pyinstaller>=6.10,<7")
$Version = (& $Py -c "import workstation; print(workstation.__version__)").Trim()
if ($LASTEXITCODE -ne 0) { throw "cannot read the program's version" }
# Windows wants four numbers: the release part of the version ("1.2" of "1.2rc1"), padded.
$Release = [regex]::Match($Version, '^\d+(\.\d+)*').Value
if (-not $Release) { throw "version $Version does not start with a number" }
$Numbers = @($Release.Split('.') | Select-Object -First 3)
while ($Numbers.Count -lt 4) { $Numbers += "0" }
$FileVersion = $Numbers -join "."
Write-Host "Counter Workstation $Version (file version $FileVersion)"

# ---------------------------------------------------------------------------- 2. freeze
Step "PyInstaller (onedir) -> $App"
if (Test-Path $Dist) { Remove-Item -Recurse -Force $Dist }
Invoke-Native $Py @("-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", $Dist,
                    "--workpath", $Work, (Join-Path $Root "packaging\workstation.spec"))
foreach ($exe in @($GuiExe, $AdminExe)) {
    if (-not (Test-Path $exe)) { throw "PyInstaller did not produce $exe" }
}

# ---------------------------------------------------------------------------- 3. sign
Step "signing the executables"
Sign-Files @($GuiExe, $AdminExe)

# ---------------------------------------------------------------------------- 4. smoke test
Step "smoke test of the frozen build"
$SmokeHome = Join-Path ([System.IO.Path]::GetTempPath()) ("cw-smoke-" + [guid]::NewGuid().ToString("N"))
$Shots = Join-Path $SmokeHome "shots"
$SavedDbUrl = $env:WORKSTATION_DB_URL
$SavedPlatform = $env:QT_QPA_PLATFORM
try {
    Remove-Item Env:WORKSTATION_DB_URL -ErrorAction SilentlyContinue  # the SQLite file in SmokeHome
    $env:QT_QPA_PLATFORM = "offscreen"                                  # no window on the build box
    Invoke-Native $AdminExe @("--version")
    Invoke-Native $AdminExe @("--home", $SmokeHome, "db", "upgrade")
    Invoke-Native $AdminExe @("--home", $SmokeHome, "demo")
    Invoke-Native $AdminExe @("--home", $SmokeHome, "db", "status")
    Invoke-Native $AdminExe @("--home", $SmokeHome, "screenshot", $Shots)
    $pngs = @(Get-ChildItem -Path $Shots -Filter *.png -ErrorAction SilentlyContinue |
              Where-Object { $_.Length -gt 0 })
    if ($pngs.Count -eq 0) { throw "smoke test: no PNG written to $Shots" }
    Write-Host "smoke test: $($pngs.Count) screenshot(s): $(($pngs | ForEach-Object Name) -join ', ')"
    $log = Join-Path $SmokeHome "logs\workstation.log"
    if (Test-Path $log) {
        $bad = @(Select-String -Path $log -Pattern " (WARNING|ERROR|CRITICAL) ")
        if ($bad.Count -gt 0) {
            $bad | ForEach-Object { Write-Host $_.Line }
            throw "smoke test: the log has $($bad.Count) warning/error line(s)"
        }
    }
    Write-Host "smoke test passed"
}
finally {
    if ($null -ne $SavedDbUrl) { $env:WORKSTATION_DB_URL = $SavedDbUrl }
    if ($null -ne $SavedPlatform) { $env:QT_QPA_PLATFORM = $SavedPlatform } else { Remove-Item Env:QT_QPA_PLATFORM -ErrorAction SilentlyContinue }
    Remove-Item -Recurse -Force $SmokeHome -ErrorAction SilentlyContinue
}

if ($SkipInstaller) {
    Write-Host "done (no installer): $App"
    exit 0
}

# ---------------------------------------------------------------------------- 5. installer
Step "installer (Inno Setup)"
$Iscc = Find-Iscc
$IsccArgs = @("/Qp", "/DAppVersion=$Version", "/DFileVersion=$FileVersion", "/DDistDir=$App",
              "/DOutputDir=$OutDir")
if ($Thumbprint) {
    # Inno Setup signs the installer and its uninstaller through this named tool; $q is a quote,
    # $f the file to sign.
    $IsccArgs += "/DUseSignTool"
    $IsccArgs += "/Ssigntool=`$q$SignTool`$q sign /sha1 $Thumbprint /fd sha256 /tr $Timestamp /td sha256 /d `$qCounter Workstation`$q `$f"
}
$IsccArgs += (Join-Path $Root "packaging\installer.iss")
Invoke-Native $Iscc $IsccArgs
$Setup = Join-Path $OutDir "CounterWorkstation-$Version-setup.exe"
if (-not (Test-Path $Setup)) { throw "Inno Setup did not produce $Setup" }
if ($Thumbprint) { Invoke-Native $SignTool @("verify", "/pa", "/q", $Setup) }
$Hash = (Get-FileHash -Algorithm SHA256 $Setup).Hash
Write-Host "installer: $Setup"
Write-Host "SHA-256:   $Hash"
