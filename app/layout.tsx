import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { DemoBanner } from '@/components/ui/demo-banner';
import { Nav } from '@/components/ui/nav';
import { Providers } from './providers';
import './globals.css';

// Every page is rendered per request so that Next can stamp the CSP nonce from proxy.ts on its scripts
// (a prerendered page has no nonce, and the strict CSP would block its inline scripts).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Rolechain',
  description:
    'AWS IAM role chains: who can assume what, why a chain fails, and who really was behind a session.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex h-screen flex-col bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>
          <Nav />
          <DemoBanner />
          <main className="min-h-0 flex-1">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
